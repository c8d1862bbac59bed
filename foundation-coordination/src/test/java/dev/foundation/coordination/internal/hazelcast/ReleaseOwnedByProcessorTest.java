package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.foundation.coordination.Coordination;
import dev.foundation.coordination.CoordinationConfig;
import dev.foundation.coordination.EmbeddedMemberConfig;
import dev.foundation.coordination.HazelcastMembers;
import dev.foundation.coordination.LockLease;
import dev.foundation.coordination.internal.LeaseRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The release of a departed member's leases, as the member-loss listener runs it (also when it retries after a
 * merge): the partition owner frees nothing of a member it still lists.
 */
class ReleaseOwnedByProcessorTest {

    private final List<HazelcastInstance> members = new ArrayList<>();

    @AfterEach
    void tearDown() {
        members.forEach(m -> m.getLifecycleService().terminate());
    }

    @Test
    void releaseOwnedBy_refusesAndFreesNothing_whenTheOwnerIsStillAMember() {
        EmbeddedMemberConfig settings = EmbeddedMemberConfig.forTesting().build();
        HazelcastInstance a = start(settings);
        HazelcastInstance b = start(settings);
        try (Coordination coordination = Coordination.hazelcast(a, CoordinationConfig.custom().build());
             LockLease lease = coordination.lock("ledger").acquire(Duration.ofSeconds(10), Duration.ofSeconds(30))) {
            HazelcastLeaseStore fromB = new HazelcastLeaseStore(b, MemberState.SYSTEM_CLOCK, 0.1, new BoundedCalls(), new BoundedCalls());
            String prefix = a.getCluster().getLocalMember().getUuid() + ":";

            assertThatThrownBy(() -> fromB.releaseOwnedBy(prefix)).hasMessageContaining("still a member");

            LeaseRecord stored = b.<String, LeaseRecord>getMap(HazelcastLeaseStore.LOCKS).get("ledger");
            assertThat(stored.owner()).startsWith(prefix);
            assertThat(stored.token()).isEqualTo(lease.fencingToken());
            assertThat(lease.isValid()).isTrue();
        }
    }

    @Test
    void releaseOwnedBy_freesTheLeasesOfAMemberNoLongerListed() {
        EmbeddedMemberConfig settings = EmbeddedMemberConfig.forTesting().build();
        HazelcastInstance a = start(settings);
        HazelcastInstance b = start(settings);
        String departed = UUID.randomUUID() + ":";
        b.<String, LeaseRecord>getMap(HazelcastLeaseStore.LOCKS)
                .put("ledger", new LeaseRecord(departed + "c1:l1", 42, Long.MAX_VALUE));

        long freed = new HazelcastLeaseStore(a, MemberState.SYSTEM_CLOCK, 0.1, new BoundedCalls(), new BoundedCalls()).releaseOwnedBy(departed);

        assertThat(freed).isEqualTo(1);
        LeaseRecord stored = b.<String, LeaseRecord>getMap(HazelcastLeaseStore.LOCKS).get("ledger");
        assertThat(stored.owner()).isNull();
        assertThat(stored.token()).isEqualTo(42);
    }

    private HazelcastInstance start(EmbeddedMemberConfig settings) {
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(HazelcastMembers.config(settings));
        members.add(hz);
        return hz;
    }
}
