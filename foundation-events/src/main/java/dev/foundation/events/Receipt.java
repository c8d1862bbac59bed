package dev.foundation.events;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of a publish: where the event was stored.
 *
 * <p>For a durable stream a receipt exists only once the event is as durable as the stream's
 * {@link FsyncPolicy} promises. With {@link Overflow#DROP_NEWEST} a publish into a full buffer gives a
 * receipt with {@link #dropped()} {@code true} and offset {@code -1}: the event was discarded, and counted.
 *
 * @param stream    the stream's name
 * @param partition the partition the event went to
 * @param offset    its offset in the partition, or {@code -1} if it was dropped
 * @param timestamp its publish time
 */
public record Receipt(String stream, int partition, long offset, Instant timestamp) {

    /**
     * Checks the components.
     *
     * @param stream    the stream's name
     * @param partition the partition
     * @param offset    the offset, or -1 for a dropped event
     * @param timestamp the publish time
     */
    public Receipt {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(timestamp, "timestamp");
        if (offset < -1) {
            throw new IllegalArgumentException("offset must be >= -1 but was " + offset);
        }
    }

    /**
     * Whether the event was discarded by {@link Overflow#DROP_NEWEST} instead of being stored.
     *
     * @return {@code true} if the event was dropped
     */
    public boolean dropped() {
        return offset < 0;
    }
}
