package dev.foundation.coordination.internal;

import dev.foundation.coordination.ClusterBelowMinimumSizeException;
import dev.foundation.coordination.CoordinationException;
import dev.foundation.coordination.LeaderElection;
import dev.foundation.coordination.Leadership;
import dev.foundation.coordination.LeadershipListener;
import dev.foundation.core.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A candidate in one leader election, over the coordination's {@link LeaseStore}: it requests a term while none is
 * held, renews its term every third of the lease while it holds one, and revokes it (listener told) the moment
 * a renewal finds another term, its safe deadline passes ({@code (1 - clockDriftRate) x leaderLease} after the
 * start of its last successful renewal), or its member cannot confirm the minimum cluster size; the check that
 * finds so is the one that reports it ({@link #isLeader()}, the coordination's guard, or the renewal's answer).
 *
 * <p>A request that fails, or a grant refused while nobody holds the term (the partition owner was in its grant
 * quarantine, or the answer came too late to use), is asked again after 50 ms, doubling up to 2 s and at most the
 * renewal period. Only a term held by another candidate makes it wait for the next period (or a nudge: a release,
 * a member lost). Without that, a transient failure at the wrong moment left an election with a long lease
 * leaderless for a third of that lease.
 */
final class LeaseElection implements LeaderElection {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseElection.class);
    /** The first wait before asking again after a failed request or a grant refused while the term was free. */
    static final Duration FIRST_RETRY = Duration.ofMillis(50);
    /** The longest such wait (the renewal period caps it too). */
    static final Duration MAX_RETRY = Duration.ofSeconds(2);

    private final DefaultCoordination coordination;
    private final LeaseStore store;

    private final String name;
    private final LeadershipListener listener;
    private final String candidateId;
    private final long leaseNanos;
    private final long renewEveryNanos;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicBoolean closedFlag = new AtomicBoolean();
    private Leadership current;
    private String currentOwner;
    private long epoch;
    private volatile long lastRenewStart;
    private volatile boolean leader;
    private long resignedUntil;
    private ScheduledFuture<?> task;
    private final Backoff retryBackoff;
    private int failedAttempts;
    private ScheduledFuture<?> retry;

    LeaseElection(DefaultCoordination coordination, String name, LeadershipListener listener) {
        this.coordination = coordination;
        this.store = coordination.store();
        this.name = name;
        this.listener = listener;
        this.candidateId = coordination.memberId() + ":e" + coordination.nextSequence();
        this.leaseNanos = coordination.config.leaderLease().toNanos();
        this.renewEveryNanos = Math.max(leaseNanos / 3, TimeUnit.MILLISECONDS.toNanos(1));
        Duration cap = Duration.ofNanos(Math.min(MAX_RETRY.toNanos(), renewEveryNanos));
        this.retryBackoff = Backoff.exponential(FIRST_RETRY.compareTo(cap) < 0 ? FIRST_RETRY : cap, cap)
                .withJitter(0.2);
        this.resignedUntil = System.nanoTime();
    }

    void start() {
        task = coordination.scheduler().scheduleWithFixedDelay(this::tick, 0, renewEveryNanos, TimeUnit.NANOSECONDS);
    }

    void nudge() {
        if (!closedFlag.get()) {
            try {
                coordination.scheduler().execute(this::tick);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("coordination closed; election '{}' not nudged", name);
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String candidateId() {
        return candidateId;
    }

    @Override
    public boolean isLeader() {
        if (!leader) {
            return false;
        }
        return check(coordination.quorumPresent());
    }

    /**
     * Revokes the term at once if it is past its safe deadline or the member lost its quorum (the listener is
     * told from this same check); returns whether this candidate still leads.
     */
    boolean check(boolean quorate) {
        if (!leader) {
            return false;
        }
        boolean expired = System.nanoTime() - lastRenewStart >= coordination.safeNanos(leaseNanos);
        if (!expired && quorate) {
            return true;
        }
        synchronized (this) {
            if (current != null) {
                revoke(expired ? "its term could not be renewed before the safe deadline"
                        : "this member cannot see a majority of the cluster");
            }
        }
        return false;
    }

    @Override
    public Optional<Leadership> currentLeader() {
        LeaseRecord record = coordination.await(store.current(LeaseStore.Kind.ELECTION, name),
                "read the leader of election '" + name + "'");
        if (record == null || record.owner() == null) {
            return Optional.empty();
        }
        String owner = record.owner();
        int bar = owner.lastIndexOf('|');
        return Optional.of(new Leadership(name, bar < 0 ? owner : owner.substring(0, bar), record.token()));
    }

    private void tick() {
        if (closedFlag.get()) {
            return;
        }
        synchronized (this) {
            if (current != null && System.nanoTime() - lastRenewStart >= coordination.safeNanos(leaseNanos)) {
                revoke("its term could not be renewed before the safe deadline");
            }
        }
        if (!inFlight.compareAndSet(false, true)) {
            return;
        }
        long start = System.nanoTime();
        Leadership term;
        String owner;
        synchronized (this) {
            term = current;
            if (term == null && start - resignedUntil < 0) {
                inFlight.set(false);
                return;
            }
            if (term == null && !coordination.quorumPresent()) {
                inFlight.set(false);
                retryLater();
                return;
            }
            owner = candidateId + "|" + epoch;
            currentOwner = owner;
        }
        long leaseMillis = TimeUnit.NANOSECONDS.toMillis(leaseNanos);
        try {
            if (term != null) {
                store.renew(LeaseStore.Kind.ELECTION, name, owner, term.term(), leaseMillis)
                        .whenComplete((ok, failure) -> renewed(term, start, ok, failure));
            } else {
                store.acquire(LeaseStore.Kind.ELECTION, name, owner, leaseMillis)
                        .whenComplete((token, failure) -> acquired(owner, start, token, failure));
            }
        } catch (RuntimeException e) {
            inFlight.set(false);
            LOG.warn("election '{}': request could not be sent", name, e);
            synchronized (this) {
                retryLater();
            }
        }
    }

    /**
     * Asks again after the next wait of {@link #retryBackoff} (50 ms doubling to 2 s, at most the renewal period,
     * +-20% jitter, never above that cap), unless a retry is already pending; the caller holds the monitor.
     */
    private void retryLater() {
        if (closedFlag.get() || (retry != null && !retry.isDone())) {
            return;
        }
        failedAttempts = Math.min(failedAttempts + 1, 64);
        long delay = retryBackoff.delay(failedAttempts).toNanos();
        try {
            retry = coordination.scheduler().schedule(() -> {
                synchronized (this) {
                    retry = null; // this retry runs: the answer to its request may ask for the next one
                }
                tick();
            }, delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("coordination closed; election '{}' not retried", name);
        }
    }

    private void renewed(Leadership term, long start, Boolean ok, Throwable failure) {
        inFlight.set(false);
        synchronized (this) {
            if (current != term) {
                return;
            }
            if (failure != null) {
                CoordinationException ce = coordination.translate(failure, "renew leadership of '" + name + "'");
                if (ce instanceof ClusterBelowMinimumSizeException) {
                    revoke("the cluster fell below its minimum size");
                } else {
                    LOG.warn("election '{}': renewal failed; retrying until the term's safe deadline", name, ce);
                    retryLater();
                }
            } else if (ok) {
                failedAttempts = 0;
                if (start - lastRenewStart > 0) {
                    lastRenewStart = start;
                }
            } else {
                revoke("another candidate holds the term");
            }
        }
    }

    private void acquired(String owner, long start, Long token, Throwable failure) {
        inFlight.set(false);
        if (failure != null) {
            // The grant may or may not be stored: the retry asks with the same owner, which gets the same term back.
            LOG.debug("election '{}': attempt failed; retrying", name, failure);
            synchronized (this) {
                retryLater();
            }
            return;
        }
        if (token == null || token == 0) {
            retryIfFree(owner);
            return;
        }
        boolean release = false;
        synchronized (this) {
            if (closedFlag.get() || current != null || !owner.equals(currentOwner)) {
                release = true;
            } else if (System.nanoTime() - start >= coordination.safeNanos(leaseNanos)
                    || !coordination.quorumPresent()) {
                release = true;
                retryLater();
            } else {
                failedAttempts = 0;
                Leadership won = new Leadership(name, candidateId, token);
                current = won;
                lastRenewStart = start;
                leader = true;
                coordination.metrics.leadership(name, "elected");
                LOG.info("election '{}': {} elected for term {}", name, candidateId, token);
                coordination.fire(() -> listener.elected(won), "leadership");
                if (System.nanoTime() - start >= renewEveryNanos) {
                    nudge(); // the grant's answer came late: renew now rather than at the next period
                }
            }
        }
        if (release) {
            store.release(LeaseStore.Kind.ELECTION, name, owner, token);
        }
    }

    /**
     * After a refused grant: waits for the next period if another candidate holds the term, else (the owner of the
     * record refused to grant, the holder's term ended in between, or the holder is this candidate's own request
     * whose grant was stored but not confirmed) asks again soon.
     */
    private void retryIfFree(String owner) {
        store.current(LeaseStore.Kind.ELECTION, name).whenComplete((record, failure) -> {
            synchronized (this) {
                if (failure != null || record == null || record.owner() == null || record.owner().equals(owner)) {
                    retryLater();
                } else {
                    failedAttempts = 0;
                }
            }
        });
    }

    /** Ends the current term locally; the caller holds the monitor. */
    void revoke(String reason) {
        Leadership lost = current;
        if (lost == null) {
            return;
        }
        String owner = currentOwner;
        current = null;
        leader = false;
        epoch++;
        coordination.metrics.leadership(name, "revoked");
        LOG.info("election '{}': {} revoked from term {}: {}", name, candidateId, lost.term(), reason);
        coordination.fire(() -> listener.revoked(lost), "leadership");
        store.release(LeaseStore.Kind.ELECTION, name, owner, lost.term())
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        LOG.debug("election '{}': release of term {} failed", name, lost.term(), failure);
                    }
                });
    }

    @Override
    public void resign() {
        synchronized (this) {
            if (current == null) {
                return;
            }
            resignedUntil = System.nanoTime() + renewEveryNanos;
            revoke("it resigned");
        }
    }

    @Override
    public void close() {
        if (!closedFlag.compareAndSet(false, true)) {
            return;
        }
        if (task != null) {
            task.cancel(false);
        }
        Leadership lost;
        synchronized (this) {
            if (retry != null) {
                retry.cancel(false);
            }
        }
        String owner;
        synchronized (this) {
            lost = current;
            owner = currentOwner;
            if (lost != null) {
                current = null;
                leader = false;
                coordination.metrics.leadership(name, "revoked");
                coordination.fire(() -> listener.revoked(lost), "leadership");
            }
        }
        if (lost != null) {
            try {
                coordination.await(store.release(LeaseStore.Kind.ELECTION, name, owner, lost.term()),
                        "release leadership of '" + name + "'");
            } catch (CoordinationException e) {
                LOG.warn("election '{}': could not release term {} ({}); it expires after its lease",
                        name, lost.term(), e.getMessage());
            }
        }
        coordination.removeElection(this);
    }

    @Override
    public String toString() {
        return "LeaderElection[" + name + ", candidate=" + candidateId + ", leader=" + isLeader() + "]";
    }
}
