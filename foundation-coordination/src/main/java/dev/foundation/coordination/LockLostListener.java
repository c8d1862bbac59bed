package dev.foundation.coordination;

/**
 * Told when a held {@link LockLease} is lost before it was closed: the watchdog found another owner (the lease
 * expired or the member was declared dead), or could not renew before the lease's safe deadline, or the cluster
 * fell below its minimum size. Called on the coordination's event thread; stop using the protected resource.
 */
@FunctionalInterface
public interface LockLostListener {

    /**
     * The lease is no longer held.
     *
     * @param lease the lost lease
     * @param cause why renewal failed, or {@code null} if another owner had taken the lock
     */
    void leaseLost(LockLease lease, Throwable cause);
}
