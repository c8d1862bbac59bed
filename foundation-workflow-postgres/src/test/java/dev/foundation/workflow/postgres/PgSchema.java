package dev.foundation.workflow.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A PostgreSQL schema of its own for one test, on the {@link TestPostgres} server (the one
 * {@code FOUNDATION_TEST_POSTGRES_URL} names, else an embedded one).
 */
final class PgSchema implements AutoCloseable {

    final String name;
    final String url;

    private PgSchema(String name, String url) {
        this.name = name;
        this.url = url;
    }

    static PgSchema create() throws SQLException {
        String base = TestPostgres.url();
        String name = "wf_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + name);
        }
        return new PgSchema(name, base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name);
    }

    static Connection admin() throws SQLException {
        return DriverManager.getConnection(TestPostgres.url(), TestPostgres.user(), TestPostgres.password());
    }

    /** A new store on this schema with a small pool. */
    dev.foundation.workflow.spi.WorkflowStore store() {
        return PostgresWorkflowStores.postgres(url, TestPostgres.user(), TestPostgres.password(),
                PostgresOptions.defaults().withMaxPoolSize(4));
    }

    /** The first column of the first row of a query on this schema, as a long. */
    long queryLong(String sql) throws SQLException {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO " + name);
            try (ResultSet rs = st.executeQuery(sql)) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Runs a statement on this schema. */
    void execute(String sql) throws SQLException {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO " + name);
            st.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA " + name + " CASCADE");
        }
    }
}
