package dev.foundation.workflow.spi.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Where a {@link GroupCommitWriter} gets the connection for each batch: one pinned connection (the embedded
 * SQLite store: a single writer connection for the life of the store), or a pool (PostgreSQL: a connection per
 * batch, so a broken one is replaced by the next batch).
 */
public interface ConnectionSource {

    /**
     * The connection for one batch.
     *
     * @return a connection
     * @throws SQLException if none can be had
     */
    Connection acquire() throws SQLException;

    /**
     * Gives a batch's connection back.
     *
     * @param connection the connection {@link #acquire()} returned
     */
    void release(Connection connection);

    /**
     * Whether {@link #acquire()} returns the same connection every time, so prepared statements are kept across
     * batches (and closed with the writer).
     *
     * @return {@code true} for a pinned connection
     */
    boolean pinned();

    /**
     * One connection, used for every batch and never closed by the writer (its owner closes it after the writer).
     * It is left in manual-commit mode.
     *
     * @param connection the connection
     * @return the source
     */
    static ConnectionSource pinned(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        return new ConnectionSource() {
            @Override
            public Connection acquire() {
                return connection;
            }

            @Override
            public void release(Connection c) {
                // kept for the next batch
            }

            @Override
            public boolean pinned() {
                return true;
            }
        };
    }

    /**
     * A connection borrowed from a data source for each batch, closed (returned to the pool) after it, with
     * auto-commit restored.
     *
     * @param dataSource the pool
     * @return the source
     */
    static ConnectionSource pooled(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new ConnectionSource() {
            @Override
            public Connection acquire() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void release(Connection c) {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException e) {
                    // a broken connection: the pool evicts it on close
                }
                try {
                    c.close();
                } catch (SQLException e) {
                    // nothing more to do: the pool evicts a broken connection
                }
            }

            @Override
            public boolean pinned() {
                return false;
            }
        };
    }
}
