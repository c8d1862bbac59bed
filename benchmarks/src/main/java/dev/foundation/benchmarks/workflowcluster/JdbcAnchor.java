package dev.foundation.benchmarks.workflowcluster;

import static dev.foundation.benchmarks.workflow.FiveSteps.STEPS;
import static dev.foundation.benchmarks.workflow.FiveSteps.functions;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.foundation.benchmarks.workflow.FiveSteps.Input;
import dev.foundation.benchmarks.workflow.FiveSteps.PlainContext;
import dev.foundation.workflow.StepFunction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The anchor of {@link ClusterStepsRun}: a table on a fresh schema, a HikariCP pool (autocommit) and as many
 * workers as connections; each "instance" calls the five functions in order and inserts one autocommitted row
 * per step, what a hand-written "record each step" would do.
 */
final class JdbcAnchor implements AutoCloseable {

    private static final String INSERT = "INSERT INTO bench_step(instance_id, step, output) VALUES (?, ?, ?)";

    private final List<StepFunction<Input>> functions = functions();
    private final PgDatabase db;
    private final String schema;
    private final HikariDataSource pool;
    private final ExecutorService workers;
    private int sequence;

    /**
     * Creates the schema, the table, the pool and the workers.
     *
     * @param db the server
     * @param connections pool size and worker count
     * @throws SQLException if the schema or table cannot be created
     */
    JdbcAnchor(PgDatabase db, int connections) throws SQLException {
        this.db = db;
        schema = db.createSchema("jdbcbench");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url(schema));
        config.setUsername(db.user());
        if (!db.password().isEmpty()) {
            config.setPassword(db.password());
        }
        config.setMaximumPoolSize(connections);
        config.setMinimumIdle(connections);
        config.setAutoCommit(true);
        config.setPoolName("jdbc-baseline");
        pool = new HikariDataSource(config);
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE bench_step (instance_id TEXT NOT NULL, step TEXT NOT NULL, output TEXT,"
                    + " PRIMARY KEY (instance_id, step))");
        }
        AtomicInteger threads = new AtomicInteger();
        workers = Executors.newFixedThreadPool(connections, r -> {
            Thread t = new Thread(r, "jdbc-baseline-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code instances} "instances" on the workers and waits for all of them.
     *
     * @param instances how many
     * @return rows inserted ({@code instances} x 5)
     * @throws Exception on a database error
     */
    int run(int instances) throws Exception {
        List<Future<Integer>> futures = new ArrayList<>(instances);
        for (int i = 0; i < instances; i++) {
            Input in = new Input(sequence++);
            futures.add(workers.submit(() -> instance(in)));
        }
        int rows = 0;
        for (Future<Integer> f : futures) {
            rows += f.get();
        }
        if (rows != instances * STEPS) {
            throw new IllegalStateException("inserted " + rows + " rows, expected " + instances * STEPS);
        }
        return rows;
    }

    private int instance(Input in) throws Exception {
        String id = UUID.randomUUID().toString();
        int rows = 0;
        try (Connection c = pool.getConnection(); PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (int s = 0; s < STEPS; s++) {
                Object out = functions.get(s).run(new PlainContext(in));
                insert.setString(1, id);
                insert.setString(2, "s" + (s + 1));
                insert.setString(3, String.valueOf(out));
                rows += insert.executeUpdate();
            }
        }
        return rows;
    }

    /**
     * Stops the workers, closes the pool and drops the schema.
     *
     * @throws SQLException if the schema cannot be dropped
     */
    @Override
    public void close() throws SQLException {
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("JDBC baseline workers did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the JDBC baseline workers", e);
        }
        pool.close();
        db.dropSchema(schema);
    }
}
