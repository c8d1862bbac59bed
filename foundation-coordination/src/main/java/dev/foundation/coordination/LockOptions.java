package dev.foundation.coordination;

import java.util.Objects;

/**
 * How a {@link DistributedLock} behaves while held: whether a watchdog renews its leases, and who is told when a
 * lease is lost. Immutable; start from {@link #defaults()}.
 */
public final class LockOptions {

    private static final LockOptions DEFAULTS = new LockOptions(true, (lease, cause) -> { });

    private final boolean autoRenew;
    private final LockLostListener lostListener;

    private LockOptions(boolean autoRenew, LockLostListener lostListener) {
        this.autoRenew = autoRenew;
        this.lostListener = lostListener;
    }

    /**
     * Automatic renewal on, no listener.
     *
     * @return the default options
     */
    public static LockOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Whether the watchdog renews leases (at a third of the lease time) while they are open. Without renewal a
     * lease simply expires after its lease time, like a ShedLock or Redisson lock with an explicit lease.
     *
     * @param renew {@code true} to renew
     * @return new options
     */
    public LockOptions autoRenew(boolean renew) {
        return new LockOptions(renew, lostListener);
    }

    /**
     * The listener told when an open lease is lost.
     *
     * @param listener the listener
     * @return new options
     */
    public LockOptions onLost(LockLostListener listener) {
        return new LockOptions(autoRenew, Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Whether leases are renewed automatically.
     *
     * @return {@code true} if renewed
     */
    public boolean autoRenew() {
        return autoRenew;
    }

    /**
     * The listener told when a lease is lost.
     *
     * @return the listener (a no-op by default)
     */
    public LockLostListener lostListener() {
        return lostListener;
    }
}
