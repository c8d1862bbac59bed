package dev.foundation.events.internal.log;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record read back from a {@link PartitionLog}. Equality compares the array contents.
 *
 * @param offset          the record's offset in its partition (gap-free from 0)
 * @param timestampMillis the timestamp given to {@link PartitionLog#append}, in epoch milliseconds
 * @param key             the key, or {@code null} when the record was appended without one
 * @param payload         the payload (never {@code null}, may be empty)
 */
public record LogRecord(long offset, long timestampMillis, byte[] key, byte[] payload) {

    /**
     * Validates the components.
     *
     * @throws NullPointerException if {@code payload} is null
     */
    public LogRecord {
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogRecord r && r.offset == offset && r.timestampMillis == timestampMillis
                && Arrays.equals(r.key, key) && Arrays.equals(r.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(offset, timestampMillis, Arrays.hashCode(key), Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "LogRecord[offset=" + offset + ", timestampMillis=" + timestampMillis + ", key="
                + (key == null ? "null" : key.length + " bytes") + ", payload=" + payload.length + " bytes]";
    }
}
