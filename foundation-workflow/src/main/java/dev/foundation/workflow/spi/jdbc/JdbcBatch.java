package dev.foundation.workflow.spi.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/**
 * One transaction of a {@link GroupCommitWriter}: its connection and the statements prepared on it (each SQL
 * text prepared once per connection).
 */
public final class JdbcBatch {

    private final Connection connection;
    private final Map<String, PreparedStatement> statements;

    JdbcBatch(Connection connection, Map<String, PreparedStatement> statements) {
        this.connection = connection;
        this.statements = statements;
    }

    /**
     * The transaction's connection (do not commit, roll back or close it: the writer does).
     *
     * @return the connection
     */
    public Connection connection() {
        return connection;
    }

    /**
     * A prepared statement for this SQL, prepared on first use and reused.
     *
     * @param sql the SQL
     * @return the statement (do not close it)
     * @throws SQLException if it cannot be prepared
     */
    public PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }
}
