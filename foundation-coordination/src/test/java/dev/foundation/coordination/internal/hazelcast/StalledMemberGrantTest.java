package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.foundation.coordination.Coordination;
import dev.foundation.coordination.CoordinationConfig;
import dev.foundation.coordination.EmbeddedMemberConfig;
import dev.foundation.coordination.HazelcastMembers;
import dev.foundation.coordination.internal.LeaseStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A member that has just run again after standing still (SIGSTOP, a long GC pause) may answer requests queued during
 * the pause before any coordination guard on it has run and noticed the stall; its partition table may be stale
 * (the cluster may have declared it dead and granted the lease elsewhere). Such a member grants nothing until a guard
 * has run. CoordinationPauseIT once saw two leaders from exactly that: a term granted 56 ms after SIGCONT by the
 * resumed owner while the majority granted another.
 */
class StalledMemberGrantTest {

    private HazelcastInstance member;

    @AfterEach
    void tearDown() {
        if (member != null) {
            member.getLifecycleService().terminate();
        }
    }

    @Test
    void aMemberWhoseGuardsHaveNotRunSinceAStall_grantsNothing_untilOneRuns() throws Exception {
        member = Hazelcast.newHazelcastInstance(HazelcastMembers.config(EmbeddedMemberConfig.forTesting().build()));
        HazelcastLeaseStore store = new HazelcastLeaseStore(member, MemberState.SYSTEM_CLOCK, 0.1, new BoundedCalls(),
                new BoundedCalls());
        MemberState state = MemberState.of(member);
        Coordination coordination = Coordination.hazelcast(member, CoordinationConfig.custom().build());
        try {
            // as right after SIGCONT: the guards last ran long ago, and none has run since
            state.aliveAt(System.nanoTime() - TimeUnit.SECONDS.toNanos(30));
            assertThat(state.inQuarantine()).isTrue();
            assertThat(store.acquire(LeaseStore.Kind.ELECTION, "stalled", "candidate-1", 10_000).get(10, TimeUnit.SECONDS))
                    .as("a grant from a member that stood still").isZero();
            // the guard runs within 100 ms, notices no stall of its own (it was not paused), and grants resume
            await().atMost(Duration.ofSeconds(10)).until(() -> !state.inQuarantine());
            assertThat(store.acquire(LeaseStore.Kind.ELECTION, "stalled", "candidate-1", 10_000).get(10, TimeUnit.SECONDS))
                    .isPositive();
        } finally {
            coordination.close();
        }
        // with no coordination open on the member, nothing runs a guard, and nothing is assumed from its silence
        state.aliveAt(System.nanoTime() - TimeUnit.SECONDS.toNanos(30));
        assertThat(state.inQuarantine()).isFalse();
        assertThat(store.acquire(LeaseStore.Kind.LOCK, "after-close", "holder-1", 10_000).get(10, TimeUnit.SECONDS))
                .isPositive();
    }
}
