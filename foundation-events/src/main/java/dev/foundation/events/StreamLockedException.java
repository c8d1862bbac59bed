package dev.foundation.events;

/**
 * A durable stream's directory is already open in another process (or another registry of this process):
 * a directory has a single writer. Close the other owner, or use another directory.
 */
public class StreamLockedException extends EventStorageException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message which directory is locked, and what to do
     * @param cause   the underlying failure
     */
    public StreamLockedException(String message, Throwable cause) {
        super(message, cause);
    }
}
