package dev.foundation.events.internal.log;

/**
 * Root of the unchecked exceptions thrown by the partition log: an I/O error, a failed force, a corrupt or
 * locked directory. Subclasses say what a caller can act on.
 */
public class LogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what happened, to what, and what to do
     */
    public LogException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what happened, to what, and what to do
     * @param cause   the underlying failure, usually an {@link java.io.IOException}
     */
    public LogException(String message, Throwable cause) {
        super(message, cause);
    }
}
