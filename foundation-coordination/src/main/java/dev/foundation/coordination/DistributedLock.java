package dev.foundation.coordination;

import java.time.Duration;
import java.util.Optional;

/**
 * A named mutual-exclusion lock shared by every member of the coordination cluster, granted as time-limited
 * {@link LockLease}s that carry fencing tokens.
 *
 * <p><b>Reentrancy:</b> a thread that already holds an open lease of this lock through the same
 * {@link Coordination} gets a nested lease at once, with the same fencing token; the lock is released when the
 * last of these nested leases is closed. Any other thread, on this member or another, waits. Ownership belongs to
 * the lease, not to the thread, so a lease may be closed from another thread.
 */
public interface DistributedLock {

    /**
     * The lock's name.
     *
     * @return the name
     */
    String name();

    /**
     * Tries to acquire the lock, waiting at most {@code wait}.
     *
     * @param wait  how long to wait for a busy lock; {@link Duration#ZERO} tries once
     * @param lease how long the grant lasts without renewal; must be at least 30 ms
     * @return the lease, or empty if the lock stayed busy for the whole wait
     * @throws ClusterBelowMinimumSizeException if this member is in a minority
     * @throws CoordinationInterruptedException if the thread is interrupted while waiting
     * @throws IndeterminateUpdateException if the grant was not confirmed, also on its one retry; the lease is
     *         given back if the store holds it
     * @throws CoordinationException if the cluster gave no answer within the operation timeout; a grant that
     *         answers later is given back
     * @throws IllegalArgumentException if {@code wait} is negative or {@code lease} is too short
     */
    Optional<LockLease> tryAcquire(Duration wait, Duration lease);

    /**
     * Acquires the lock, waiting at most {@code wait}, or throws.
     *
     * @param wait  how long to wait for a busy lock
     * @param lease how long the grant lasts without renewal; must be at least 30 ms
     * @return the lease
     * @throws LockTimeoutException if the lock stayed busy for the whole wait
     * @throws ClusterBelowMinimumSizeException if this member is in a minority
     * @throws CoordinationInterruptedException if the thread is interrupted while waiting
     */
    default LockLease acquire(Duration wait, Duration lease) {
        return tryAcquire(wait, lease).orElseThrow(() -> new LockTimeoutException(name(), wait));
    }

    /**
     * Whether the calling thread holds an open, valid lease of this lock through this coordination.
     *
     * @return {@code true} if held by the current thread
     */
    boolean isHeldByCurrentThread();
}
