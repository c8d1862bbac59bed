package dev.foundation.workflow;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of the embedded SQLite store ({@link WorkflowStores#sqlite(java.nio.file.Path, SqliteOptions)}).
 *
 * @param synchronous  SQLite's {@code synchronous} pragma: {@link Synchronous#FULL} (default) makes every
 *                     commit durable against power loss; {@link Synchronous#NORMAL} may lose the last commits
 *                     on power loss (never on a process crash) in WAL mode
 * @param maxBatchSize the most checkpoints one group commit holds, {@code >= 1} (1 disables group commit)
 * @param busyTimeout  how long a connection waits for a lock held by another process
 */
public record SqliteOptions(Synchronous synchronous, int maxBatchSize, Duration busyTimeout) {

    /** The default group-commit batch size. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 512;
    /** The default busy timeout. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

    /** SQLite's {@code synchronous} pragma values the store supports. */
    public enum Synchronous {
        /** fsync on every commit: durable against power loss. */
        FULL,
        /** In WAL mode: durable against a process crash, may lose recent commits on power loss. */
        NORMAL
    }

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public SqliteOptions {
        Objects.requireNonNull(synchronous, "synchronous");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1 but was " + maxBatchSize);
        }
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("busyTimeout must be in [0, " + Integer.MAX_VALUE + " ms] but was "
                    + busyTimeout);
        }
    }

    /**
     * The defaults: {@code synchronous=FULL}, group commit up to 512 checkpoints, 10 s busy timeout.
     *
     * @return the defaults
     */
    public static SqliteOptions defaults() {
        return new SqliteOptions(Synchronous.FULL, DEFAULT_MAX_BATCH_SIZE, DEFAULT_BUSY_TIMEOUT);
    }

    /**
     * Sets the synchronous mode.
     *
     * @param value the mode
     * @return new options
     */
    public SqliteOptions withSynchronous(Synchronous value) {
        return new SqliteOptions(value, maxBatchSize, busyTimeout);
    }

    /**
     * Sets the group-commit batch size.
     *
     * @param value {@code >= 1}
     * @return new options
     */
    public SqliteOptions withMaxBatchSize(int value) {
        return new SqliteOptions(synchronous, value, busyTimeout);
    }
}
