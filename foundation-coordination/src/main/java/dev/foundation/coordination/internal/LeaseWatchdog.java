package dev.foundation.coordination.internal;

import dev.foundation.coordination.ClusterBelowMinimumSizeException;
import dev.foundation.coordination.CoordinationException;
import dev.foundation.coordination.LockLease;
import dev.foundation.coordination.LockOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the lock leases held through one coordination: renews each once a third of its lease has passed since its
 * last renewal (one periodic sweep for all of them, at a quarter of the shortest renewal interval seen), ends a
 * lease the moment it is past its safe deadline ({@code (1 - clockDriftRate) x lease} after the start of its last
 * successful renewal), its renewal finds another owner, or its member cannot confirm the minimum cluster size,
 * and tells the lock's {@link dev.foundation.coordination.LockLostListener} from that same check (on the
 * coordination's events thread, never under a lock of its own). {@link FencedLock} hands it the grants it wins;
 * the coordination's guard calls {@link #check(boolean)} every 100 ms.
 */
final class LeaseWatchdog {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseWatchdog.class);

    private final DefaultCoordination coordination;
    private final ConcurrentMap<String, HeldLease> held = new ConcurrentHashMap<>();
    /** Guards {@link #sweeper}. */
    private final Object sweeperLock = new Object();
    /** One periodic task that renews every held lease that is due. */
    private ScheduledFuture<?> sweeper;
    /** The sweep's period: a quarter of the shortest renewal interval of any lease granted so far. */
    private volatile long sweepNanos = Long.MAX_VALUE;

    LeaseWatchdog(DefaultCoordination coordination) {
        this.coordination = coordination;
    }

    /**
     * The lease held under {@code key} (a lock name and a thread), if any.
     *
     * @param key the key
     * @return the held lease or {@code null}
     */
    HeldLease held(String key) {
        return held.get(key);
    }

    /**
     * Starts holding a lease the store granted: registers it, has the sweep renew it and the guard check it.
     *
     * @param name       the lock name
     * @param key        the lock name and thread
     * @param owner      the owner id the store granted to
     * @param token      the fencing token
     * @param leaseNanos the lease
     * @param grantStart when the granting request started
     * @param options    the lock's options
     * @return the lease handed to the caller
     */
    LockLease hold(String name, String key, String owner, long token, long leaseNanos, long grantStart,
                   LockOptions options) {
        HeldLease grant = new HeldLease(name, key, owner, token, leaseNanos, grantStart, options);
        held.put(key, grant);
        grant.start();
        return grant.primary;
    }

    /**
     * Ends every held lease past its safe deadline, or every one if the member is not quorate; called by the
     * coordination's guard.
     *
     * @param quorate whether the member can confirm its minimum cluster size
     */
    void check(boolean quorate) {
        for (HeldLease lease : held.values()) {
            lease.check(quorate);
        }
    }

    /**
     * Marks every held lease lost at once, listeners told (the member is merging after a split brain).
     *
     * @param reason why, for the log and the lock-lost cause
     */
    void giveUpAll(String reason) {
        for (HeldLease lease : List.copyOf(held.values())) {
            lease.lost(new CoordinationException("lease of lock '" + lease.name + "' given up: " + reason));
        }
    }

    /** Releases every held lease in the store (the coordination closes). */
    void releaseAll() {
        for (HeldLease lease : List.copyOf(held.values())) {
            lease.release();
        }
    }

    /**
     * Makes sure the sweep runs at least every quarter of {@code renewEveryNanos}. Granting a lease costs no
     * scheduling (a per-lease task woke the timer thread on every grant and every release); the sweep is
     * rescheduled only when a lease renews more often than any before it.
     */
    private void watch(long renewEveryNanos) {
        long period = Math.max(renewEveryNanos / 4, TimeUnit.MILLISECONDS.toNanos(1));
        if (period >= sweepNanos) {
            return;
        }
        synchronized (sweeperLock) {
            if (period >= sweepNanos) {
                return;
            }
            ScheduledFuture<?> previous = sweeper;
            sweeper = coordination.scheduler().scheduleWithFixedDelay(this::sweep, period, period,
                    TimeUnit.NANOSECONDS);
            sweepNanos = period;
            if (previous != null) {
                previous.cancel(false);
            }
        }
    }

    /** The sweep: renews the held leases that are due (and notices those past their safe deadline). */
    private void sweep() {
        long now = System.nanoTime();
        for (HeldLease lease : held.values()) {
            if (now - lease.nextTick < 0) {
                continue;
            }
            lease.nextTick = now + lease.renewEveryNanos;
            try {
                lease.tick();
            } catch (RuntimeException e) {
                LOG.error("watchdog of lock '{}' failed; it retries at the next tick", lease.name, e);
            }
        }
    }

    private enum LeaseState { OPEN, LOST, RELEASED }

    /** One grant from the store, shared by the nested leases of one thread. */
    final class HeldLease {

        final String name;
        final String key;
        final String owner;
        final long token;
        final long leaseNanos;
        final LockOptions options;
        final LeaseView primary;
        final AtomicInteger holds = new AtomicInteger(1);
        final AtomicReference<LeaseState> state = new AtomicReference<>(LeaseState.OPEN);
        final AtomicBoolean renewing = new AtomicBoolean();
        /** A third of the lease: how often the watchdog renews it. */
        final long renewEveryNanos;
        volatile long lastRenewStart;
        /** When the watchdog ticks this lease next (watchdog thread only). */
        /** When the sweep renews next; the sweep sets it, a failed renewal brings it forward. */
        volatile long nextTick;

        HeldLease(String name, String key, String owner, long token, long leaseNanos, long grantStart,
                  LockOptions options) {
            this.name = name;
            this.key = key;
            this.owner = owner;
            this.token = token;
            this.leaseNanos = leaseNanos;
            this.options = options;
            this.lastRenewStart = grantStart;
            this.primary = new LeaseView(this);
            this.renewEveryNanos = Math.max(leaseNanos / 3, TimeUnit.MILLISECONDS.toNanos(1));
            // counted from the grant's start, not from its (possibly slow) answer, so a late answer renews sooner
            this.nextTick = grantStart + renewEveryNanos;
        }

        void start() {
            try {
                watch(renewEveryNanos);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                release();
                throw new IllegalStateException("coordination '" + coordination.memberId() + "' is closed", e);
            }
            if (coordination.scheduler().isShutdown()) {
                release();
                throw new IllegalStateException("coordination '" + coordination.memberId() + "' is closed");
            }
        }

        LockLease nest() {
            while (true) {
                int n = holds.get();
                if (n == 0 || state.get() != LeaseState.OPEN) {
                    return null;
                }
                if (holds.compareAndSet(n, n + 1)) {
                    return new LeaseView(this);
                }
            }
        }

        /**
         * Whether the lease is open and before its safe deadline. The check that finds it past the deadline (or
         * the member without quorum) also marks it lost and tells the listener, so the callback is never later
         * than the first {@code false}.
         */
        boolean isValid() {
            if (state.get() != LeaseState.OPEN) {
                return false;
            }
            return check(coordination.quorumPresent());
        }

        /** Marks the lease lost if it is past its safe deadline or without quorum; returns whether still valid. */
        boolean check(boolean quorate) {
            if (state.get() != LeaseState.OPEN) {
                return false;
            }
            if (System.nanoTime() - lastRenewStart >= coordination.safeNanos(leaseNanos)) {
                lost(options.autoRenew()
                        ? new CoordinationException("could not renew lock '" + name + "' before its safe deadline")
                        : new CoordinationException("lease of lock '" + name + "' ran out (renewal is off)"));
                return false;
            }
            if (!quorate) {
                lost(new ClusterBelowMinimumSizeException("keep lock '" + name + "'", coordination.config.minimumClusterSize(),
                        null));
                return false;
            }
            return true;
        }

        void tick() {
            if (state.get() != LeaseState.OPEN) {
                held.remove(key, this);
                return;
            }
            if (!check(true)) {
                return;
            }
            if (!options.autoRenew() || !renewing.compareAndSet(false, true)) {
                return;
            }
            long start = System.nanoTime();
            CompletableFuture<Boolean> renewal;
            try {
                renewal = coordination.store().renew(LeaseStore.Kind.LOCK, name, owner, token,
                        TimeUnit.NANOSECONDS.toMillis(leaseNanos));
            } catch (RuntimeException e) {
                renewing.set(false);
                LOG.warn("renewal of lock '{}' could not be sent", name, e);
                return;
            }
            renewal.whenComplete((ok, failure) -> {
                renewing.set(false);
                if (failure != null) {
                    CoordinationException ce = coordination.translate(failure, "renew lock '" + name + "'");
                    if (ce instanceof ClusterBelowMinimumSizeException) {
                        lost(ce);
                    } else {
                        LOG.warn("renewal of lock '{}' failed; retrying until its safe deadline", name, ce);
                        nextTick = System.nanoTime(); // at the next sweep (a quarter period), not a period later
                    }
                } else if (ok) {
                    if (start - lastRenewStart > 0) {
                        lastRenewStart = start;
                    }
                } else {
                    lost(null);
                }
            });
        }

        void lost(Throwable cause) {
            if (state.compareAndSet(LeaseState.OPEN, LeaseState.LOST)) {
                held.remove(key, this); // the watchdog ticks only held leases
                coordination.metrics.lockLost(name);
                LOG.warn("lease of lock '{}' (token {}) lost: {}", name, token,
                        cause == null ? "another owner holds the lock" : cause.getMessage());
                coordination.fire(() -> options.lostListener().leaseLost(primary, cause), "lock-lost");
            }
        }

        void closeView() {
            if (holds.decrementAndGet() == 0) {
                release();
            }
        }

        void release() {
            if (state.compareAndSet(LeaseState.OPEN, LeaseState.RELEASED)) {
                held.remove(key, this); // the watchdog ticks only held leases
                try {
                    coordination.await(coordination.store().release(LeaseStore.Kind.LOCK, name, owner, token),
                            "release lock '" + name + "'");
                } catch (CoordinationException e) {
                    LOG.warn("could not release lock '{}' (token {}); it frees itself when its lease expires",
                            name, token, e);
                }
                coordination.nudge();
            } else {
                held.remove(key, this);
            }
        }

    }

    /** One {@link LockLease} handed out; nested acquisitions get their own view of the same grant. */
    private static final class LeaseView implements LockLease {

        private final HeldLease grant;
        private final AtomicBoolean closed = new AtomicBoolean();

        LeaseView(HeldLease grant) {
            this.grant = grant;
        }

        @Override
        public String lockName() {
            return grant.name;
        }

        @Override
        public long fencingToken() {
            return grant.token;
        }

        @Override
        public boolean isValid() {
            return !closed.get() && grant.isValid();
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                grant.closeView();
            }
        }

        @Override
        public String toString() {
            return "LockLease[" + grant.name + ", token=" + grant.token + ", valid=" + isValid() + "]";
        }
    }

}
