package dev.foundation.cache;

import dev.foundation.coordination.ClusterBelowMinimumSizeException;
import dev.foundation.coordination.Coordination;
import dev.foundation.coordination.LockLease;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;

/**
 * Keeps a warmer to one member at a time: runs the action if, and while, this member holds the named
 * lock; returns {@code false} without running it if another member holds it.
 */
@FunctionalInterface
public interface WarmerLock {

    /**
     * Runs the action under the lock, or not at all.
     *
     * @param lockName the lock's name
     * @param action   the warmer run; returns whether it completed
     * @return {@code false} if the lock was held elsewhere, else the action's result
     */
    boolean runExclusively(String lockName, BooleanSupplier action);

    /**
     * A warmer lock on {@code foundation-coordination}: each run tries the coordination lock of that name
     * once (no waiting) with the given lease, renewed automatically while the run lasts, and closes the
     * lease when the run ends. A member that is in a minority partition
     * ({@link ClusterBelowMinimumSizeException}) skips the run. With {@link Coordination#hazelcast} on the
     * cache's Hazelcast instance this keeps each warmer to one member at a time across the cluster.
     *
     * @param coordination the coordination (owned by the application)
     * @param lease        the lock lease, renewed while held; if this member dies, another may run the
     *                     warmer once the lease ran out ({@code >= 30 ms})
     * @return the warmer lock
     */
    static WarmerLock coordination(Coordination coordination, Duration lease) {
        Objects.requireNonNull(coordination, "coordination");
        TieredCacheBuilder.positive("lease", lease);
        return (lockName, action) -> {
            Optional<LockLease> held;
            try {
                held = coordination.lock(lockName).tryAcquire(Duration.ZERO, lease);
            } catch (ClusterBelowMinimumSizeException e) {
                LoggerFactory.getLogger(WarmerLock.class).warn("warmer lock '{}' refused ({}); skipping this run",
                        lockName, e.getMessage());
                return false;
            }
            if (held.isEmpty()) {
                return false;
            }
            LockLease leaseHeld = held.get();
            try {
                return action.getAsBoolean();
            } finally {
                leaseHeld.close();
            }
        };
    }
}
