package dev.foundation.cache;

import com.hazelcast.core.HazelcastInstance;
import dev.foundation.coordination.EmbeddedMemberConfig;
import dev.foundation.coordination.HazelcastMembers;
import java.util.ArrayList;
import java.util.List;

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
