package dev.foundation.workflow.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of the PostgreSQL store ({@link PostgresWorkflowStores#postgres(javax.sql.DataSource, PostgresOptions)}).
 *
 * @param maxBatchSize      the most checkpoints one group commit holds, {@code >= 1} (1 disables group commit)
 * @param maxPoolSize       the HikariCP pool size when the store builds its own pool from a JDBC URL
 *                          ({@link PostgresWorkflowStores#postgres(String, String, String, PostgresOptions)}),
 *                          {@code >= 2} (one writer, at least one reader); ignored for a caller's
 *                          {@link javax.sql.DataSource}
 * @param connectionTimeout how long a caller waits for a pooled connection before the write or read fails
 *                          with {@link dev.foundation.workflow.WorkflowStoreException} (own pool only), at least 250 ms
 * @param idleInTransactionTimeout PostgreSQL's {@code idle_in_transaction_session_timeout} on the own pool's
 *                          connections (see {@link #withIdleInTransactionTimeout(Duration)}), at least 100 ms
 */
public record PostgresOptions(int maxBatchSize, int maxPoolSize, Duration connectionTimeout,
                              Duration idleInTransactionTimeout) {

    /** The default group-commit batch size. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 512;
    /** The default pool size of a pool the store builds itself. */
    public static final int DEFAULT_MAX_POOL_SIZE = 8;
    /** The default connection timeout of a pool the store builds itself. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    /** The default {@link #idleInTransactionTimeout()}. */
    public static final Duration DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public PostgresOptions {
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        Objects.requireNonNull(idleInTransactionTimeout, "idleInTransactionTimeout");
        if (idleInTransactionTimeout.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("idleInTransactionTimeout must be >= 100 ms but was "
                    + idleInTransactionTimeout);
        }
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
        return new PostgresOptions(DEFAULT_MAX_BATCH_SIZE, DEFAULT_MAX_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT,
                DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT);
    }

    /**
     * Sets the group-commit batch size.
     *
     * @param value {@code >= 1}
     * @return new options
     */
    public PostgresOptions withMaxBatchSize(int value) {
        return new PostgresOptions(value, maxPoolSize, connectionTimeout, idleInTransactionTimeout);
    }

    /**
     * Sets the size of the pool the store builds from a JDBC URL.
     *
     * @param value {@code >= 2}
     * @return new options
     */
    public PostgresOptions withMaxPoolSize(int value) {
        return new PostgresOptions(maxBatchSize, value, connectionTimeout, idleInTransactionTimeout);
    }

    /**
     * Sets the connection timeout of the pool the store builds from a JDBC URL.
     *
     * @param value at least 250 ms
     * @return new options
     */
    public PostgresOptions withConnectionTimeout(Duration value) {
        return new PostgresOptions(maxBatchSize, maxPoolSize, value, idleInTransactionTimeout);
    }

    /**
     * A copy with another idle-in-transaction timeout: the store's own pool sets PostgreSQL's
     * {@code idle_in_transaction_session_timeout} to it on every connection, so the server ends the session of
     * a process frozen in the middle of a checkpoint (a stop-the-world pause, a stopped container) and frees
     * the rows it locked; in cluster mode other nodes could not claim those instances until then. Keep it well
     * under the cluster's lease. With a data source of your own, set that parameter on its connections.
     *
     * @param value at least 100 ms
     * @return the copy
     * @throws IllegalArgumentException if shorter
     */
    public PostgresOptions withIdleInTransactionTimeout(Duration value) {
        return new PostgresOptions(maxBatchSize, maxPoolSize, connectionTimeout, value);
    }
}
