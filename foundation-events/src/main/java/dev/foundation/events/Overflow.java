package dev.foundation.events;

/**
 * What an in-memory stream does when a publish finds a partition's buffer full, that is when the slowest
 * subscriber of that partition is {@link StreamSpec#bufferSize() bufferSize} events behind.
 *
 * <p>Durable streams never apply an overflow strategy: a subscriber that falls behind reads from disk, so
 * their back-pressure is the disk and the retention policy, not the slowest reader.
 */
public enum Overflow {
    /**
     * The publisher waits for free space, up to {@link StreamSpec#blockTimeout()}, then
     * {@link BackpressureException} is thrown. Nothing is ever lost.
     */
    BLOCK,
    /** The publish fails at once with {@link BackpressureException}. Nothing is lost. */
    FAIL,
    /**
     * The new event is stored and the oldest buffered one is overwritten: the subscribers that had not read
     * it skip it. Each skipped event is counted per subscription ({@link SubscriptionStats#dropped()} and the
     * {@code foundation.events.dropped} meter).
     */
    DROP_OLDEST,
    /**
     * The new event is discarded: {@link EventStream#publish(Object)} completes with a receipt whose
     * {@link Receipt#dropped()} is {@code true}; counted in {@link StreamStats#dropped()} and the
     * {@code foundation.events.dropped} meter.
     */
    DROP_NEWEST
}
