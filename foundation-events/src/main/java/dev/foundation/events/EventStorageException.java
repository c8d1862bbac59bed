package dev.foundation.events;

/**
 * The storage under a durable stream failed: an I/O error (disk full, device error), a corrupt log, or a
 * directory held by another process. The message names the file or directory; the cause is the underlying
 * failure. A publish that fails with it was not acknowledged; events acknowledged before it stay readable.
 */
public class EventStorageException extends EventStreamException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed, where, and what to do
     * @param cause   the underlying failure, or {@code null}
     */
    public EventStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
