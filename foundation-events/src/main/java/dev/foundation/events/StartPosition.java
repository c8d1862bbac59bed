package dev.foundation.events;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a new subscription starts reading each partition. A durable subscription that has committed offsets
 * resumes from them instead; the start position applies only to its first run.
 */
public final class StartPosition {

    /** The kinds of start position. */
    public enum Kind {
        /** The oldest event still readable (retained on disk, or still in the in-memory buffer). */
        EARLIEST,
        /** Only events published after the subscription starts. */
        LATEST,
        /** A given offset in every partition, clamped to the readable range. */
        OFFSET,
        /** The first event of each partition published at or after a given time. */
        TIMESTAMP
    }

    /** The oldest event still readable in each partition. */
    public static final StartPosition EARLIEST = new StartPosition(Kind.EARLIEST, 0, null);
    /** Only events published after the subscription starts. */
    public static final StartPosition LATEST = new StartPosition(Kind.LATEST, 0, null);

    /** The kind. */
    private final Kind kind;
    /** The offset, for {@link Kind#OFFSET}. */
    private final long offset;
    /** The time, for {@link Kind#TIMESTAMP}. */
    private final Instant timestamp;

    private StartPosition(Kind kind, long offset, Instant timestamp) {
        this.kind = kind;
        this.offset = offset;
        this.timestamp = timestamp;
    }

    /**
     * Starts every partition at the given offset (clamped to the oldest and next offsets of each partition).
     *
     * @param offset the offset, {@code >= 0}
     * @return the position
     */
    public static StartPosition offset(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0 but was " + offset);
        }
        return new StartPosition(Kind.OFFSET, offset, null);
    }

    /**
     * Starts each partition at its first event published at or after {@code time}.
     *
     * @param time the time
     * @return the position
     */
    public static StartPosition timestamp(Instant time) {
        return new StartPosition(Kind.TIMESTAMP, 0, Objects.requireNonNull(time, "time"));
    }

    /**
     * The kind of position.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The offset of an {@link Kind#OFFSET} position.
     *
     * @return the offset, 0 for other kinds
     */
    public long offsetValue() {
        return offset;
    }

    /**
     * The time of a {@link Kind#TIMESTAMP} position.
     *
     * @return the time, or {@code null} for other kinds
     */
    public Instant timestampValue() {
        return timestamp;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StartPosition other && kind == other.kind && offset == other.offset
                && Objects.equals(timestamp, other.timestamp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, offset, timestamp);
    }

    @Override
    public String toString() {
        switch (kind) {
            case OFFSET:
                return "OFFSET(" + offset + ")";
            case TIMESTAMP:
                return "TIMESTAMP(" + timestamp + ")";
            default:
                return kind.name();
        }
    }
}
