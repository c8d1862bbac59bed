package dev.foundation.workflow.spi.jdbc;

import dev.foundation.workflow.WorkflowStoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or migrates a JDBC store's schema: the versions it lacks, in order, in one transaction, each recorded
 * in {@code wf_schema}; a schema newer than the code is refused.
 */
public final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    /**
     * Brings the schema up to {@code migrations.size()}: migration {@code i} (0-based) creates version
     * {@code i + 1}.
     *
     * @param c          a connection (its auto-commit mode is restored afterwards)
     * @param dialect    the database's dialect
     * @param migrations the statements of each version, oldest first
     * @param storeName  how the store names itself in logs and errors
     * @return the version the schema had before
     * @throws SQLException           if a statement fails (nothing is applied)
     * @throws WorkflowStoreException if the schema is newer than {@code migrations.size()}
     */
    public static int migrate(Connection c, SqlDialect dialect, List<List<String>> migrations, String storeName)
            throws SQLException {
        Objects.requireNonNull(c, "c");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(migrations, "migrations");
        int target = migrations.size();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            for (String lock : dialect.migrationLock()) {
                st.execute(lock); // a second engine migrating at the same moment waits here, then finds it current
            }
            st.execute(dialect.createVersionTable());
            int current = version(st);
            if (current > target) {
                throw new WorkflowStoreException("workflow store " + storeName + " has schema version " + current
                        + ", newer than this engine supports (" + target + "): use a newer foundation-workflow");
            }
            for (int v = current + 1; v <= target; v++) {
                for (String sql : migrations.get(v - 1)) {
                    st.execute(sql);
                }
                st.execute(dialect.insertVersion(v));
                LOG.info("workflow store {}: migrating schema to version {}", storeName, v);
            }
            c.commit();
            return current;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollbackError) {
                e.addSuppressed(rollbackError);
            }
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * The schema version recorded in {@code wf_schema}.
     *
     * @param c a connection
     * @return the version, {@code 0} when none is recorded
     * @throws SQLException if the read fails
     */
    public static int version(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            return version(st);
        }
    }

    private static int version(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM wf_schema")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
