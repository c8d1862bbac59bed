package dev.foundation.coordination;

import com.hazelcast.core.HazelcastInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** The behavioural kit on the Hazelcast backend: one fresh cluster of real members per test. */
class HazelcastCoordinationTest extends CoordinationKit {

    private final TestClusters cluster = new TestClusters();

    @Override
    protected List<Coordination> startMembers(int n, CoordinationConfig config) {
        List<Coordination> list = new ArrayList<>();
        List<HazelcastInstance> members = cluster.start(n);
        // Partitions migrate while members join, and a backup a member receives before it knows it owns the
        // replica is not acknowledged: an update made then fails with IndeterminateUpdateException after the
        // backup timeout (as it must). The kit tests steady-state behaviour, so start it on a settled cluster:
        // every member sees all, owns some partitions (the rebalancing after the joins has run; before it starts,
        // the cluster can report itself safe) and the cluster is safe (no migration, backups in sync).
        await().atMost(Duration.ofSeconds(60)).until(() -> members.stream().allMatch(hz ->
                hz.getCluster().getMembers().size() == n
                        && hz.getPartitionService().getPartitions().stream()
                                .anyMatch(p -> hz.getCluster().getLocalMember().equals(p.getOwner()))
                        && hz.getPartitionService().isClusterSafe()));
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
