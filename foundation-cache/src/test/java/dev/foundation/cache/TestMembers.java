package dev.foundation.cache;

import com.hazelcast.core.HazelcastInstance;
import dev.foundation.coordination.EmbeddedMemberConfig;
import dev.foundation.coordination.HazelcastMembers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * Embedded Hazelcast members for tests, from foundation-coordination's test settings: bound to 127.0.0.1,
 * multicast off, TCP/IP join on 127.0.0.1, a unique cluster name and port range per {@link TestMembers}
 * instance. {@link #close()} terminates every member.
 */
final class TestMembers implements AutoCloseable {

    private final EmbeddedMemberConfig settings = EmbeddedMemberConfig.forTesting().build();
    private final List<HazelcastInstance> members = new ArrayList<>();

    HazelcastInstance start() {
        return track(HazelcastMembers.embedded(settings));
    }

    /**
     * Starts {@code n} members and waits until they form a settled cluster: the members fail on indeterminate
     * operation state (foundation-coordination's setting), so an L3 write whose backup is still being set up after
     * the joins would fail; settled means each member sees all, owns partitions and the cluster is safe.
     */
    List<HazelcastInstance> startSettled(int n) {
        List<HazelcastInstance> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            started.add(start());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> started.stream().allMatch(hz ->
                hz.getCluster().getMembers().size() == n
                        && hz.getPartitionService().getPartitions().stream()
                                .anyMatch(p -> hz.getCluster().getLocalMember().equals(p.getOwner()))
                        && hz.getPartitionService().isClusterSafe()));
        return started;
    }

    /** Starts a member on the given port first (for a restart where clients expect the old address). */
    HazelcastInstance startOn(int port) {
        return track(HazelcastMembers.embedded(settings.toBuilder().port(port).build()));
    }

    private HazelcastInstance track(HazelcastInstance member) {
        members.add(member);
        return member;
    }

    String clusterName() {
        return settings.clusterName();
    }

    @Override
    public void close() {
        for (HazelcastInstance member : members) {
            try {
                member.getLifecycleService().terminate();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        members.clear();
    }
}
