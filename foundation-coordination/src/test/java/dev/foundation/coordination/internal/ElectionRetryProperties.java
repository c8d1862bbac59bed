package dev.foundation.coordination.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foundation.coordination.CoordinationConfig;
import dev.foundation.coordination.CoordinationException;
import dev.foundation.coordination.IndeterminateUpdateException;
import dev.foundation.coordination.LeaderElection;
import dev.foundation.coordination.Leadership;
import dev.foundation.coordination.LeadershipListener;
import dev.foundation.coordination.internal.local.LocalBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * An election whose term requests fail or are refused for a while still elects one leader soon, not a third of its
 * lease later: whatever the store answers to the first requests (no answer, a grant stored but not confirmed, a
 * refusal while nobody holds the term), in any order and for any number of candidates. The lease is five minutes,
 * so waiting for the next renewal period (100 s) fails the property.
 */
class ElectionRetryProperties {

    /** What the store does with one term request. */
    enum Answer {
        /** Fails without storing anything (a timed-out or lost call). */
        FAILS,
        /** Stores the grant, then reports that it could not confirm it (backups did not acknowledge). */
        STORED_UNCONFIRMED,
        /** Grants nothing although nobody holds the term (the partition owner's grant quarantine). */
        REFUSES
    }

    /** A lease store that answers its first election requests from a script. */
    private static final class ScriptedStore extends ForwardingLeaseStore {
        private final Queue<Answer> script;

        ScriptedStore(LeaseStore store, List<Answer> script) {
            super(store);
            this.script = new ConcurrentLinkedQueue<>(script);
        }

        @Override
        public CompletableFuture<Long> acquire(Kind kind, String name, String owner, long leaseMillis) {
            Answer answer = kind == Kind.ELECTION ? script.poll() : null;
            if (answer == null) {
                return super.acquire(kind, name, owner, leaseMillis);
            }
            return switch (answer) {
                case FAILS -> CompletableFuture.failedFuture(new CoordinationException("no answer (scripted)"));
                case STORED_UNCONFIRMED -> super.acquire(kind, name, owner, leaseMillis).thenApply(token -> {
                    throw new IndeterminateUpdateException("request a term (scripted)", null);
                });
                case REFUSES -> CompletableFuture.completedFuture(0L);
            };
        }
    }

    @Property(tries = 20)
    void transientFailuresAndRefusals_delayTheElectionBySecondsNotByTheRenewalPeriod(
            @ForAll @Size(max = 4) List<Answer> script, @ForAll @IntRange(min = 1, max = 3) int candidates) {
        CoordinationConfig config = CoordinationConfig.custom().leaderLease(Duration.ofMinutes(5)).build();
        LocalBackend local = new LocalBackend(config);
        try (DefaultCoordination c = new DefaultCoordination(config,
                new WrappedStoreBackend(local, store -> new ScriptedStore(store, script)))) {
            List<LeaderElection> elections = new ArrayList<>();
            List<Leadership> elected = new CopyOnWriteArrayList<>();
            for (int i = 0; i < candidates; i++) {
                elections.add(c.election("retried", new LeadershipListener() {
                    @Override
                    public void elected(Leadership leadership) {
                        elected.add(leadership);
                    }

                    @Override
                    public void revoked(Leadership leadership) {
                        elected.remove(leadership);
                    }
                }));
            }
            // 50 + 100 + 200 + 400 ms of retries (+20% jitter) at most: the deadline leaves room for a slow machine
            await().atMost(Duration.ofSeconds(15)).until(() -> elected.size() == 1);
            Leadership leader = elected.get(0);
            assertThat(elections.stream().filter(LeaderElection::isLeader).map(LeaderElection::candidateId))
                    .containsExactly(leader.leaderId());
            LeaseRecord stored = local.leaseStore().current(LeaseStore.Kind.ELECTION, "retried").join();
            assertThat(stored.owner()).startsWith(leader.leaderId() + "|");
            assertThat(stored.token()).isEqualTo(leader.term());
        }
    }
}
