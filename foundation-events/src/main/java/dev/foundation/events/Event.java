package dev.foundation.events;

import java.time.Instant;
import java.util.Objects;

/**
 * An event as subscribers see it: the published value and where it sits in its stream.
 *
 * @param stream    the stream's name
 * @param partition the partition, {@code 0 <= partition < partitions}
 * @param offset    the position in the partition: gap-free, starting at 0, in publish order
 * @param timestamp when the event was published (the registry's clock)
 * @param key       the partition key given by {@link StreamSpec#partitionBy(java.util.function.Function)}, or
 *                  {@code null} for a stream without a key function
 * @param value     the published value
 * @param <T>       the value type
 */
public record Event<T>(String stream, int partition, long offset, Instant timestamp, String key, T value) {

    /**
     * Checks the components.
     *
     * @param stream    the stream's name
     * @param partition the partition
     * @param offset    the offset
     * @param timestamp the publish time
     * @param key       the key or {@code null}
     * @param value     the value
     */
    public Event {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(value, "value");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0 but was " + partition);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0 but was " + offset);
        }
    }
}
