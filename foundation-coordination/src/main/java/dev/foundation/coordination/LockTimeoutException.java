package dev.foundation.coordination;

import java.time.Duration;

/**
 * {@link DistributedLock#acquire(Duration, Duration)} waited the whole allowed time and the lock stayed held
 * by someone else. Retry later, wait longer, or use {@link DistributedLock#tryAcquire(Duration, Duration)}
 * to treat a busy lock as a normal outcome.
 */
public class LockTimeoutException extends CoordinationException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param lockName the lock that stayed busy
     * @param waited   how long the caller waited
     */
    public LockTimeoutException(String lockName, Duration waited) {
        super("lock '" + lockName + "' was still held by another owner after waiting " + waited
                + "; retry later or wait longer");
    }
}
