package dev.foundation.coordination;

import com.hazelcast.core.HazelcastInstance;

import java.util.ArrayList;
import java.util.List;

/** The behavioural kit on the Hazelcast backend: one fresh cluster of real members per test. */
class HazelcastCoordinationTest extends CoordinationKit {

    private final TestClusters cluster = new TestClusters();

    @Override
    protected List<Coordination> startMembers(int n, CoordinationConfig config) {
        List<Coordination> list = new ArrayList<>();
        List<HazelcastInstance> members = cluster.start(n);
        // the kit tests steady-state behaviour: start it on a settled cluster
        TestClusters.awaitSettled(members);
        for (HazelcastInstance hz : members) {
            list.add(Coordination.hazelcast(hz, config));
        }
        return list;
    }

    @Override
    protected void stopCluster() {
        cluster.close();
    }
}
