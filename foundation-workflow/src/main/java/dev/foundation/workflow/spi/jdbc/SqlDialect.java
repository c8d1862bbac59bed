package dev.foundation.workflow.spi.jdbc;

import java.sql.SQLException;
import java.util.List;

/**
 * What the shared JDBC machinery ({@link GroupCommitWriter}, {@link SchemaMigrator}) needs to know of a database;
 * the store's own SQL (its tables, its checkpoints) stays in the store.
 */
public interface SqlDialect {

    /**
     * The statement that creates the version table {@code wf_schema} (with a {@code version INTEGER} column) if
     * it does not exist.
     *
     * @return the DDL
     */
    String createVersionTable();

    /**
     * The statement that records that a schema version was applied.
     *
     * @param version the version
     * @return the statement
     */
    String insertVersion(int version);

    /**
     * Statements run first in the migration transaction to serialise concurrent migrations of one database
     * (PostgreSQL: a transaction-scoped advisory lock); none by default (an embedded store is locked by its
     * file).
     *
     * @return the statements
     */
    default List<String> migrationLock() {
        return List.of();
    }

    /**
     * How a failed commit is described to callers (a connection lost, a database restarting, ...).
     *
     * @param e the failure
     * @return a short description
     */
    default String describe(SQLException e) {
        return e.getMessage();
    }
}
