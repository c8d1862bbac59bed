package dev.foundation.coordination;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/** Starts Hazelcast test members (127.0.0.1, multicast off, unique cluster) and terminates them all. */
final class TestClusters implements AutoCloseable {

    private final List<HazelcastInstance> members = new CopyOnWriteArrayList<>();
    private final EmbeddedMemberConfig settings;

    TestClusters() {
        this(EmbeddedMemberConfig.forTesting().build());
    }

    TestClusters(EmbeddedMemberConfig settings) {
        this.settings = settings;
    }

    EmbeddedMemberConfig settings() {
        return settings;
    }

    HazelcastInstance start() {
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(HazelcastMembers.config(settings));
        members.add(hz);
        return hz;
    }

    List<HazelcastInstance> start(int n) {
        List<HazelcastInstance> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            started.add(start());
        }
        return started;
    }

    /**
     * Waits (60 s at most) until the members form a settled cluster. Partitions migrate while members join, and a
     * backup a member receives before it knows it owns the replica is not acknowledged: an update made then fails
     * with IndeterminateUpdateException after the backup timeout (as it must). Settled means every member sees all,
     * owns some partitions (the rebalancing after the joins has run; before it starts, the cluster can report
     * itself safe) and the cluster is safe (no migration, backups in sync).
     */
    static void awaitSettled(List<HazelcastInstance> members) {
        int n = members.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> members.stream().allMatch(hz ->
                hz.getCluster().getMembers().size() == n
                        && hz.getPartitionService().getPartitions().stream()
                                .anyMatch(p -> hz.getCluster().getLocalMember().equals(p.getOwner()))
                        && hz.getPartitionService().isClusterSafe()));
    }

    @Override
    public void close() {
        for (HazelcastInstance hz : members) {
            hz.getLifecycleService().terminate();
        }
        members.clear();
    }
}
