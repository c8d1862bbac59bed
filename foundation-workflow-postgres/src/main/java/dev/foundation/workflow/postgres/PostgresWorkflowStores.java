package dev.foundation.workflow.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.foundation.workflow.postgres.internal.PostgresWorkflowStore;
import dev.foundation.workflow.spi.LeasedStore;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Factories for the PostgreSQL {@link LeasedStore}: the store several engine nodes share in cluster mode
 * ({@link dev.foundation.workflow.WorkflowEngine.Builder#cluster(dev.foundation.workflow.ClusterOptions)}), also
 * usable by one engine alone.
 *
 * <pre>{@code
 * WorkflowEngine engine = WorkflowEngine.builder()
 *     .store(PostgresWorkflowStores.postgres("jdbc:postgresql://db:5432/app", "app", password))
 *     .cluster(ClusterOptions.builder().signals(HazelcastClusterSignals.of(hz)).build())
 *     .register(fulfil).build();
 * }</pre>
 */
public final class PostgresWorkflowStores {

    private PostgresWorkflowStores() {
    }

    /**
     * The PostgreSQL store on a caller's {@link DataSource} (typically a HikariCP pool), for several engine
     * nodes sharing one database. The schema is created and migrated by the engine in the connections'
     * current schema (set {@code currentSchema} in the JDBC URL to use another one). The caller owns the data
     * source: closing the store does not close it.
     *
     * @param dataSource where connections come from
     * @return the store
     */
    public static LeasedStore postgres(DataSource dataSource) {
        return postgres(dataSource, PostgresOptions.defaults());
    }

    /**
     * The PostgreSQL store on a caller's {@link DataSource}, with options.
     *
     * @param dataSource where connections come from
     * @param options    the options ({@link PostgresOptions#maxPoolSize()} is not used)
     * @return the store
     */
    public static LeasedStore postgres(DataSource dataSource, PostgresOptions options) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(options, "options");
        return new PostgresWorkflowStore(dataSource, null, options, dataSource.toString());
    }

    /**
     * The PostgreSQL store on a HikariCP pool it builds and owns (closed with the store).
     *
     * @param jdbcUrl  e.g. {@code jdbc:postgresql://db:5432/app}
     * @param user     the user
     * @param password the password ({@code null} or empty for none)
     * @return the store
     */
    public static LeasedStore postgres(String jdbcUrl, String user, String password) {
        return postgres(jdbcUrl, user, password, PostgresOptions.defaults());
    }

    /**
     * The PostgreSQL store on a HikariCP pool it builds and owns, with options.
     *
     * @param jdbcUrl  e.g. {@code jdbc:postgresql://db:5432/app}
     * @param user     the user
     * @param password the password ({@code null} or empty for none)
     * @param options  the options
     * @return the store
     * @throws IllegalArgumentException if the URL is not a {@code jdbc:postgresql:} URL
     */
    public static LeasedStore postgres(String jdbcUrl, String user, String password, PostgresOptions options) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(options, "options");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql: but was " + jdbcUrl);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        if (password != null && !password.isEmpty()) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(options.maxPoolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(options.connectionTimeout().toMillis());
        config.setPoolName("foundation-workflow-pg");
        // a process frozen mid-transaction must not hold its row locks (and, in cluster mode, its instances)
        config.setConnectionInitSql("SET idle_in_transaction_session_timeout = "
                + options.idleInTransactionTimeout().toMillis());
        config.setInitializationFailTimeout(-1); // a database that is down now is reported by initialize()
        HikariDataSource pool = new HikariDataSource(config);
        int query = jdbcUrl.indexOf('?');
        String name = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query); // parameters may carry a password
        return new PostgresWorkflowStore(pool, pool, options, name);
    }
}
