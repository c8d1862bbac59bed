package dev.foundation.events;

/**
 * The root of every exception foundation-events throws on its own account. Catch a subclass to act on a
 * specific failure: {@link BackpressureException} (retry later or shed load), {@link EventStorageException}
 * (the disk under a durable stream failed).
 */
public class EventStreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what happened, to what, and what to do
     */
    public EventStreamException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what happened, to what, and what to do
     * @param cause   the underlying failure
     */
    public EventStreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
