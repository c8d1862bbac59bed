package dev.foundation.benchmarks.workflowcluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * The PostgreSQL server named by {@code FOUNDATION_TEST_POSTGRES_URL} / {@code _USER} / {@code _PASSWORD}, and
 * a fresh schema on it for each node count.
 */
final class PgDatabase {

    static final String URL_ENV = "FOUNDATION_TEST_POSTGRES_URL";

    private final String url;
    private final String user;
    private final String password;

    private PgDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /**
     * The server from the environment.
     *
     * @throws IllegalStateException if {@code FOUNDATION_TEST_POSTGRES_URL} is unset or not a PostgreSQL URL
     */
    static PgDatabase fromEnvironment() {
        String url = System.getenv(URL_ENV);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(URL_ENV + " is not set: the workflow-cluster benchmarks need a PostgreSQL"
                    + " server. Run them with 'benchmarks/run workflow-cluster' (it starts a throwaway PostgreSQL"
                    + " through .ci/setup.d/postgres.sh), or set " + URL_ENV + " (e.g."
                    + " jdbc:postgresql://127.0.0.1:5432/bench), FOUNDATION_TEST_POSTGRES_USER and"
                    + " FOUNDATION_TEST_POSTGRES_PASSWORD");
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException(URL_ENV + " must be a jdbc:postgresql: URL but was " + url);
        }
        String user = System.getenv("FOUNDATION_TEST_POSTGRES_USER");
        String password = System.getenv("FOUNDATION_TEST_POSTGRES_PASSWORD");
        return new PgDatabase(url, user == null || user.isBlank() ? "postgres" : user,
                password == null ? "" : password);
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** Creates a schema with a fresh random name and returns that name. */
    String createSchema(String prefix) throws SQLException {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + name);
        return name;
    }

    /** Drops a schema made by {@link #createSchema(String)} and everything in it. */
    void dropSchema(String name) throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    /** The server's URL with {@code schema} as the current schema of every connection. */
    String url(String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /**
     * The instances of one benchmark round in {@code schema}, found by idempotency-key prefix: completed count,
     * total count, the first creation time and the last update (completion) time, in epoch milliseconds.
     */
    long[] roundSpan(String schema, String keyPrefix) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(schema), properties());
             PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FILTER (WHERE status = 'COMPLETED'),"
                     + " COUNT(*), MIN(created_at), MAX(updated_at) FROM wf_instance WHERE idem_key LIKE ?")) {
            st.setString(1, keyPrefix + "%");
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
            }
        }
    }

    private Properties properties() {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (!password.isEmpty()) {
            props.setProperty("password", password);
        }
        return props;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, properties()); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
