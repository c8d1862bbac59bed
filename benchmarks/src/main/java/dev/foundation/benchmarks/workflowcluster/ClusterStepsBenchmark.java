package dev.foundation.benchmarks.workflowcluster;

import static dev.foundation.benchmarks.workflow.FiveSteps.STEPS;
import static dev.foundation.benchmarks.workflow.FiveSteps.definition;
import static dev.foundation.benchmarks.workflow.FiveSteps.functions;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.foundation.benchmarks.workflow.FiveSteps.Input;
import dev.foundation.benchmarks.workflow.FiveSteps.PlainContext;
import dev.foundation.workflow.ClusterOptions;
import dev.foundation.workflow.InstanceInfo;
import dev.foundation.workflow.Status;
import dev.foundation.workflow.StepFunction;
import dev.foundation.workflow.WorkflowDefinition;
import dev.foundation.workflow.WorkflowEngine;
import dev.foundation.workflow.WorkflowHandle;
import dev.foundation.workflow.postgres.PostgresOptions;
import dev.foundation.workflow.postgres.PostgresWorkflowStores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Durable steps per second of a 5-step no-op workflow in cluster mode: {@code nodes} engines in this JVM share
 * one fresh PostgreSQL schema, each starting (and so running) its share of {@value #INSTANCES} concurrent
 * instances per operation; against a plain JDBC insert-per-step (HikariCP, autocommit) on the same database
 * with as many workers as the engines have step threads together ({@code nodes} x {@value #PARALLELISM}).
 * One operation is one step: scores are steps per second. The PostgreSQL server is named by
 * {@code FOUNDATION_TEST_POSTGRES_URL} / {@code _USER} / {@code _PASSWORD}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// each trial opens and closes its pools: keep HikariCP's INFO lines out of JMH's iteration lines
@Fork(jvmArgsAppend = "-Dorg.slf4j.simpleLogger.log.com.zaxxer.hikari=warn")
@OperationsPerInvocation(ClusterStepsBenchmark.INSTANCES * ClusterStepsBenchmark.STEPS)
public class ClusterStepsBenchmark {

    /** Steps per instance. */
    static final int STEPS = 5;
    /** Instances per operation, divisible by 1, 2 and 3 so that every node starts the same number. */
    static final int INSTANCES = 96;
    /** Step threads per engine (the engine's default), and JDBC workers per node. */
    static final int PARALLELISM = 16;

    private static final Duration RESULT_TIMEOUT = Duration.ofMinutes(2);

    /** {@code nodes} cluster-mode engines on one fresh schema. */
    @State(Scope.Benchmark)
    public static class Cluster {

        /** How many engines share the schema. */
        @Param({"1", "2", "3"})
        public int nodes;

        private PgDatabase db;
        private String schema;
        private final List<WorkflowEngine> engines = new ArrayList<>();
        private int sequence;

        /**
         * Creates the schema and starts the engines on it.
         *
         * @throws SQLException if the schema cannot be created
         */
        @Setup
        public void setUp() throws SQLException {
            db = PgDatabase.fromEnvironment();
            schema = db.createSchema("wfbench");
            try {
                WorkflowDefinition<Input> definition = definition();
                for (int i = 0; i < nodes; i++) {
                    // Each node runs what it starts (it stays far below maxInstances), so no instance waits
                    // for a claim; the claim poll is kept short anyway, in case one ever does.
                    engines.add(WorkflowEngine.builder()
                            .store(PostgresWorkflowStores.postgres(db.url(schema), db.user(), db.password(),
                                    PostgresOptions.defaults()))
                            .register(definition)
                            .parallelism(PARALLELISM)
                            .cluster(ClusterOptions.builder().nodeId("bench-node-" + i + "-" + schema)
                                    .claimInterval(Duration.ofMillis(100)).build())
                            .build());
                }
            } catch (RuntimeException e) {
                tearDown();
                throw e;
            }
        }

        /**
         * Runs {@link #INSTANCES} instances, started round-robin on the nodes, and waits for all of them.
         *
         * @return completed instances
         */
        int run() {
            List<CompletableFuture<WorkflowHandle>> handles = new ArrayList<>(INSTANCES);
            for (int i = 0; i < INSTANCES; i++) {
                handles.add(engines.get(i % nodes).startAsync("five", new Input(sequence++),
                        UUID.randomUUID().toString()));
            }
            int done = 0;
            for (CompletableFuture<WorkflowHandle> h : handles) {
                InstanceInfo info = h.join().result(RESULT_TIMEOUT);
                if (info.status() != Status.COMPLETED) {
                    throw new IllegalStateException("instance did not complete: " + info);
                }
                done++;
            }
            return done;
        }

        /**
         * Closes the engines and drops the schema.
         *
         * @throws SQLException if the schema cannot be dropped
         */
        @TearDown
        public void tearDown() throws SQLException {
            for (int i = engines.size() - 1; i >= 0; i--) {
                engines.get(i).close();
            }
            engines.clear();
            if (schema != null) {
                db.dropSchema(schema);
                schema = null;
            }
        }
    }

    /** The baseline: a table on a fresh schema, a HikariCP pool and {@code nodes} x 16 workers. */
    @State(Scope.Benchmark)
    public static class Jdbc {

        /** How many nodes' worth of workers insert ({@value #PARALLELISM} each). */
        @Param({"1", "2", "3"})
        public int nodes;

        private static final String INSERT = "INSERT INTO bench_step(instance_id, step, output) VALUES (?, ?, ?)";

        private final List<StepFunction<Input>> functions = functions();
        private PgDatabase db;
        private String schema;
        private HikariDataSource pool;
        private ExecutorService workers;
        private int sequence;

        /**
         * Creates the schema, the table, the pool and the workers.
         *
         * @throws SQLException if the schema or table cannot be created
         */
        @Setup
        public void setUp() throws SQLException {
            db = PgDatabase.fromEnvironment();
            schema = db.createSchema("jdbcbench");
            int size = nodes * PARALLELISM;
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(db.url(schema));
            config.setUsername(db.user());
            if (!db.password().isEmpty()) {
                config.setPassword(db.password());
            }
            config.setMaximumPoolSize(size);
            config.setMinimumIdle(size);
            config.setAutoCommit(true);
            config.setPoolName("jdbc-baseline");
            pool = new HikariDataSource(config);
            try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE bench_step (instance_id TEXT NOT NULL, step TEXT NOT NULL, output TEXT,"
                        + " PRIMARY KEY (instance_id, step))");
            }
            AtomicInteger threads = new AtomicInteger();
            workers = Executors.newFixedThreadPool(size, r -> {
                Thread t = new Thread(r, "jdbc-baseline-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }

        /**
         * Runs {@link #INSTANCES} "instances" on the workers, each calling the five functions in order and
         * inserting one autocommitted row per step, and waits for all of them.
         *
         * @return rows inserted
         * @throws Exception on a database error
         */
        int run() throws Exception {
            List<Future<Integer>> instances = new ArrayList<>(INSTANCES);
            for (int i = 0; i < INSTANCES; i++) {
                Input in = new Input(sequence++);
                instances.add(workers.submit(() -> instance(in)));
            }
            int rows = 0;
            for (Future<Integer> f : instances) {
                rows += f.get();
            }
            if (rows != INSTANCES * STEPS) {
                throw new IllegalStateException("inserted " + rows + " rows, expected " + INSTANCES * STEPS);
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
         * @throws Exception if the workers do not stop or the schema cannot be dropped
         */
        @TearDown
        public void tearDown() throws Exception {
            if (workers != null) {
                workers.shutdownNow();
                if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("JDBC baseline workers did not stop within 30 s");
                }
            }
            if (pool != null) {
                pool.close();
            }
            if (schema != null) {
                db.dropSchema(schema);
                schema = null;
            }
        }
    }

    /**
     * Foundation: durable steps in cluster mode, each start and result checkpointed under a fenced lease.
     *
     * @param cluster the engines
     * @return completed instances
     */
    @Benchmark
    public int foundation_durableSteps(Cluster cluster) {
        return cluster.run();
    }

    /**
     * Anchor: one autocommitted JDBC insert per step on the same database.
     *
     * @param jdbc the pool and workers
     * @return rows inserted
     * @throws Exception on a database error
     */
    @Benchmark
    public int jdbc_durableSteps(Jdbc jdbc) throws Exception {
        return jdbc.run();
    }
}
