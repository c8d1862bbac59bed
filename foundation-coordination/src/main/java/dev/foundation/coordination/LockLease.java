package dev.foundation.coordination;

/**
 * One grant of a {@link DistributedLock}: proof of ownership for a limited time, with a fencing token.
 *
 * <p>Pass {@link #fencingToken()} with every write to the protected resource and let the resource reject older
 * tokens (see {@link FencedResource}); that, and not the lease itself, is what keeps a paused or partitioned
 * former holder from overwriting newer data. While the lease is open a watchdog renews it once a third of the lease
 * time has passed since the last renewal (and by five twelfths at the latest); if renewal fails the lock's
 * {@link LockLostListener} is called and {@link #isValid()} turns false.
 *
 * <p>{@link #close()} releases the lock if this lease is still its owner, and does nothing otherwise. It may be
 * called from any thread and more than once.
 */
public interface LockLease extends AutoCloseable {

    /**
     * The name of the lock this lease belongs to.
     *
     * @return the lock name
     */
    String lockName();

    /**
     * The fencing token of this grant: strictly greater than the token of every earlier grant of the same lock
     * name in the cluster, including grants made before a member crash. Nested (reentrant) acquisitions by the
     * same thread share the outer grant's token.
     *
     * @return the fencing token, {@code >= 1}
     */
    long fencingToken();

    /**
     * Whether this lease is still believed to be held: not closed, not reported lost, and the last successful
     * renewal is recent enough that the lease cannot yet have expired elsewhere (allowing for clock drift).
     * A {@code true} answer can become stale the moment it is returned; fence your writes.
     *
     * @return {@code true} while the lease is held
     */
    boolean isValid();

    /** Releases the lock if this lease still owns it; idempotent, never throws. */
    @Override
    void close();
}
