package dev.foundation.events;

import java.util.Objects;

/**
 * An event that a subscription's handler failed on after every retry, as published to the stream's
 * dead-letter stream {@code <stream>.dead-letter}.
 *
 * @param subscription the subscription whose handler failed
 * @param event        the original event (stream, partition, offset, timestamp, key, value)
 * @param error        the last failure, as {@code ExceptionClass: message}
 * @param attempts     how many times the handler was called with the batch holding this event
 * @param <T>          the original value type
 */
public record DeadLetter<T>(String subscription, Event<T> event, String error, int attempts) {

    /** The suffix appended to a stream's name to name its dead-letter stream. */
    public static final String STREAM_SUFFIX = ".dead-letter";

    /**
     * Checks the components.
     *
     * @param subscription the subscription
     * @param event        the event
     * @param error        the failure
     * @param attempts     the attempts
     */
    public DeadLetter {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(error, "error");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1 but was " + attempts);
        }
    }
}
