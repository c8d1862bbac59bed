package dev.foundation.coordination;

/**
 * Root of every unchecked exception thrown by Foundation coordination.
 *
 * <p>Catch a subclass to act on a specific failure: {@link LockTimeoutException} (the lock was busy for the
 * whole wait), {@link ClusterBelowMinimumSizeException} (this member is in a minority and refuses to grant
 * anything), {@link StaleTokenException} (a {@link FencedResource} rejected an outdated fencing token) or
 * {@link CoordinationInterruptedException} (the calling thread was interrupted while waiting).
 */
public class CoordinationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what happened, to what, and what to do
     */
    public CoordinationException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what happened, to what, and what to do
     * @param cause   the underlying failure
     */
    public CoordinationException(String message, Throwable cause) {
        super(message, cause);
    }
}
