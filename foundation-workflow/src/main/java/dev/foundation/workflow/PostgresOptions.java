package dev.foundation.workflow;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of the PostgreSQL store ({@link WorkflowStores#postgres(javax.sql.DataSource, PostgresOptions)}).
 *
 * @param maxBatchSize      the most checkpoints one group commit holds, {@code >= 1} (1 disables group commit)
 * @param maxPoolSize       the HikariCP pool size when the store builds its own pool from a JDBC URL
 *                          ({@link WorkflowStores#postgres(String, String, String, PostgresOptions)}),
 *                          {@code >= 2} (one writer, at least one reader); ignored for a caller's
 *                          {@link javax.sql.DataSource}
 * @param connectionTimeout how long a caller waits for a pooled connection before the write or read fails
 *                          with {@link WorkflowStoreException} (own pool only), at least 250 ms
 */
public record PostgresOptions(int maxBatchSize, int maxPoolSize, Duration connectionTimeout) {

    /** The default group-commit batch size. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 512;
    /** The default pool size of a pool the store builds itself. */
    public static final int DEFAULT_MAX_POOL_SIZE = 8;
    /** The default connection timeout of a pool the store builds itself. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public PostgresOptions {
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1 but was " + maxBatchSize);
        }
        if (maxPoolSize < 2) {
            throw new IllegalArgumentException("maxPoolSize must be >= 2 but was " + maxPoolSize);
        }
        if (connectionTimeout.compareTo(Duration.ofMillis(250)) < 0) {
            throw new IllegalArgumentException("connectionTimeout must be >= 250 ms but was " + connectionTimeout);
        }
    }

    /**
     * The defaults: group commit up to 512 checkpoints, a pool of 8 connections, 10 s connection timeout.
     *
     * @return the defaults
     */
    public static PostgresOptions defaults() {
        return new PostgresOptions(DEFAULT_MAX_BATCH_SIZE, DEFAULT_MAX_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT);
    }

    /**
     * Sets the group-commit batch size.
     *
     * @param value {@code >= 1}
     * @return new options
     */
    public PostgresOptions withMaxBatchSize(int value) {
        return new PostgresOptions(value, maxPoolSize, connectionTimeout);
    }

    /**
     * Sets the size of the pool the store builds from a JDBC URL.
     *
     * @param value {@code >= 2}
     * @return new options
     */
    public PostgresOptions withMaxPoolSize(int value) {
        return new PostgresOptions(maxBatchSize, value, connectionTimeout);
    }

    /**
     * Sets the connection timeout of the pool the store builds from a JDBC URL.
     *
     * @param value at least 250 ms
     * @return new options
     */
    public PostgresOptions withConnectionTimeout(Duration value) {
        return new PostgresOptions(maxBatchSize, maxPoolSize, value);
    }
}
