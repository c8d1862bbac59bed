package dev.foundation.coordination.internal;

import dev.foundation.coordination.ClusterBelowMinimumSizeException;
import dev.foundation.coordination.CoordinationException;
import dev.foundation.coordination.CoordinationInterruptedException;
import dev.foundation.coordination.DistributedLock;
import dev.foundation.coordination.IndeterminateUpdateException;
import dev.foundation.coordination.LockLease;
import dev.foundation.coordination.LockOptions;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named lock of one coordination: acquisition polls the {@link LeaseStore} (woken early when a lease is released
 * or a member leaves) until it is granted a lease with a fencing token or its wait runs out; the granted lease is
 * then held, renewed and guarded by the coordination's {@link LeaseWatchdog}. The same thread
 * acquiring again through the same coordination gets a nested lease with the same token. A grant the store could
 * not confirm ({@link IndeterminateUpdateException}: its backups did not acknowledge it) is asked for again with
 * the same owner id, which is idempotent, while the wait lasts and at least once. A grant the caller stopped
 * waiting for (no answer within the operation timeout, an interrupt, or still unconfirmed) is released as soon as
 * it is known, so that it does not keep the lock from others until its lease expires.
 */
final class FencedLock implements DistributedLock {

    private static final Logger LOG = LoggerFactory.getLogger(FencedLock.class);

    private static final long MIN_LEASE_MILLIS = 30;
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final DefaultCoordination coordination;

    private final String name;
    private final LockOptions options;

    FencedLock(DefaultCoordination coordination, String name, LockOptions options) {
        this.coordination = coordination;
        this.name = name;
        this.options = options;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<LockLease> tryAcquire(Duration wait, Duration lease) {
        DefaultCoordination.checkDuration("wait", wait);
        DefaultCoordination.checkDuration("lease", lease);
        if (wait.isNegative()) {
            throw new IllegalArgumentException("wait must be >= 0 but was " + wait);
        }
        if (lease.toMillis() < MIN_LEASE_MILLIS) {
            throw new IllegalArgumentException("lease must be >= " + MIN_LEASE_MILLIS + "ms but was " + lease);
        }
        coordination.ensureOpen();
        String key = key();
        LeaseWatchdog.HeldLease existing = coordination.watchdog().held(key);
        if (existing != null && existing.isValid()) {
            LockLease nested = existing.nest();
            if (nested != null) {
                return Optional.of(nested);
            }
        }
        long start = System.nanoTime();
        long deadline = start + wait.toNanos();
        String owner = coordination.memberId() + ":l" + coordination.nextSequence();
        long pollNanos = TimeUnit.MILLISECONDS.toNanos(1);
        String what = "acquire lock '" + name + "'";
        IndeterminateUpdateException indeterminate = null;
        while (true) {
            if (!coordination.quorumPresent()) {
                throw new ClusterBelowMinimumSizeException(what, coordination.config.minimumClusterSize(), null);
            }
            long attemptStart = System.nanoTime();
            long token;
            CompletableFuture<Long> grant = coordination.store().acquire(LeaseStore.Kind.LOCK, name, owner,
                    lease.toMillis());
            try {
                token = coordination.await(grant, what);
                indeterminate = null;
            } catch (IndeterminateUpdateException e) {
                // The grant may or may not be stored. Asking again with the same owner is safe (a grant to the
                // owner that holds the lease extends it with the same token), so retry while the wait lasts, and
                // at least once; if the last attempt is still unconfirmed, the caller is told so.
                if (indeterminate != null && System.nanoTime() - deadline >= 0) {
                    giveBackIfStored(owner);
                    throw e;
                }
                indeterminate = e;
                token = 0;
            } catch (CoordinationException e) {
                if (!grant.isDone()) { // no answer within operationTimeout, or interrupted: it may still come
                    giveBackWhenGranted(grant, owner);
                }
                throw e;
            }
            if (token > 0) {
                LockLease granted = coordination.watchdog().hold(name, key, owner, token, lease.toNanos(), attemptStart,
                        options);
                coordination.metrics.lockAcquire(name, true, Duration.ofNanos(System.nanoTime() - start));
                return Optional.of(granted);
            }
            long remaining = deadline - System.nanoTime();
            if (indeterminate != null && remaining <= 0) {
                continue; // the one retry an unconfirmed grant always gets
            }
            if (remaining <= 0) {
                coordination.metrics.lockAcquire(name, false, Duration.ofNanos(System.nanoTime() - start));
                return Optional.empty();
            }
            long pause = Math.min(pollNanos, remaining);
            synchronized (coordination.releaseSignal()) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(coordination.releaseSignal(), pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CoordinationInterruptedException(what, e);
                }
            }
            pollNanos = Math.min(pollNanos * 2, MAX_POLL_NANOS);
            coordination.ensureOpen();
        }
    }

    /**
     * Releases a grant that answers after the caller gave up on it, so that it does not keep the lock from others
     * until its lease expires.
     */
    private void giveBackWhenGranted(CompletableFuture<Long> grant, String owner) {
        grant.thenAccept(token -> {
            if (token > 0) {
                release(owner, token);
            }
        });
    }

    /**
     * Releases the lease if the store holds it for {@code owner}: after a grant that was never confirmed, whose
     * token is therefore unknown. Best effort: if the store does not answer, the lease expires.
     */
    private void giveBackIfStored(String owner) {
        coordination.store().current(LeaseStore.Kind.LOCK, name).thenAccept(held -> {
            if (held != null && owner.equals(held.owner())) {
                release(owner, held.token());
            }
        });
    }

    private void release(String owner, long token) {
        coordination.store().release(LeaseStore.Kind.LOCK, name, owner, token).whenComplete((released, failure) -> {
            if (failure != null) {
                LOG.debug("lock '{}': could not give back a grant the caller no longer waited for (token {});"
                        + " it frees itself when its lease expires", name, token, failure);
            } else if (released) {
                LOG.debug("lock '{}': gave back a grant the caller no longer waited for (token {})", name, token);
                coordination.nudge();
            }
        });
    }

    @Override
    public boolean isHeldByCurrentThread() {
        LeaseWatchdog.HeldLease h = coordination.watchdog().held(key());
        return h != null && h.isValid();
    }

    private String key() {
        return name + '\u0000' + Thread.currentThread().getId();
    }
}
