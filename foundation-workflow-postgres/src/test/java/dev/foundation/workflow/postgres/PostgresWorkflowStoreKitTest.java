package dev.foundation.workflow.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.foundation.workflow.Query;
import dev.foundation.workflow.Status;
import dev.foundation.workflow.Workflow;
import dev.foundation.workflow.WorkflowDefinition;
import dev.foundation.workflow.WorkflowEngine;
import dev.foundation.workflow.WorkflowHandle;
import dev.foundation.workflow.WorkflowStoreException;
import dev.foundation.workflow.kit.WorkflowStoreKit;
import dev.foundation.workflow.postgres.internal.PostgresWorkflowStore;
import dev.foundation.workflow.spi.WorkflowStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store behaviour kit on PostgreSQL, each test in a schema of its own. The server is {@link TestPostgres}'s: the one
 * {@code FOUNDATION_TEST_POSTGRES_URL} names, else an embedded one started for the test JVM.
 */
class PostgresWorkflowStoreKitTest extends WorkflowStoreKit {


    private String schema;
    private String schemaUrl;

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(TestPostgres.url(), TestPostgres.user(), TestPostgres.password());
    }

    @BeforeEach
    void createSchema() throws SQLException {
        schema = "wf_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        String url = TestPostgres.url();
        schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @AfterEach
    void dropSchema() throws SQLException {
        if (schema != null) {
            try (Connection c = admin(); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @Override
    protected WorkflowStore newStore() {
        return PostgresWorkflowStores.postgres(schemaUrl, TestPostgres.user(), TestPostgres.password(), PostgresOptions.defaults().withMaxPoolSize(4));
    }

    @Test
    void initialize_createsTheSchemaInTheCurrentSchema_recordsItsVersion_andRefusesANewerOne() throws Exception {
        try (PostgresWorkflowStore store = (PostgresWorkflowStore) newStore()) {
            store.initialize();
            store.initialize();
            assertThat(store.schemaVersion()).isEqualTo(3);
        }
        try (PostgresWorkflowStore store = (PostgresWorkflowStore) newStore()) {
            store.initialize(); // reopening migrates nothing
            assertThat(store.schemaVersion()).isEqualTo(3);
        }
        try (Connection c = admin(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '"
                    + schema + "' AND table_name LIKE 'wf\\_%'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("instance, step, attempt, trigger, lease, schema").isEqualTo(6);
            }
            st.execute("INSERT INTO " + schema + ".wf_schema(version) VALUES (99)");
        }
        WorkflowStore newer = newStore();
        assertThatThrownBy(newer::initialize).isInstanceOf(WorkflowStoreException.class)
                .hasMessageContaining("schema version 99, newer than this engine supports (3)");
        newer.close();
    }

    @Test
    void initialize_fromSeveralStoresAtOnce_migratesOnce() throws Exception {
        int n = 4;
        WorkflowStore[] stores = new WorkflowStore[n];
        Thread[] threads = new Thread[n];
        Throwable[] errors = new Throwable[n];
        for (int i = 0; i < n; i++) {
            int k = i;
            stores[i] = newStore();
            threads[i] = new Thread(() -> {
                try {
                    stores[k].initialize();
                } catch (Throwable t) {
                    errors[k] = t;
                }
            });
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(30).toMillis());
        }
        for (WorkflowStore s : stores) {
            s.close();
        }
        assertThat(errors).containsOnlyNulls();
        try (Connection c = admin(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + schema + ".wf_schema")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("one row per migration, each applied once").isEqualTo(3);
        }
    }

    @Test
    void callersDataSource_isUsed_andLeftOpenWhenTheStoreCloses() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(schemaUrl);
        config.setUsername(TestPostgres.user());
        config.setPassword(TestPostgres.password().isEmpty() ? null : TestPostgres.password());
        config.setMaximumPoolSize(3);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            WorkflowDefinition<In> def = Workflow.define("ds", In.class).step("s", ctx -> ctx.input().v() + "!")
                    .build();
            try (WorkflowEngine engine = WorkflowEngine.builder().store(PostgresWorkflowStores.postgres(pool)).register(def)
                    .build()) {
                WorkflowHandle h = engine.start("ds", new In("hi"));
                assertThat(h.result(Duration.ofSeconds(10)).status()).isEqualTo(Status.COMPLETED);
                assertThat(h.output("s", String.class)).contains("hi!");
            }
            assertThat(pool.isClosed()).isFalse();
            try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM wf_instance WHERE status = 'COMPLETED'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void close_stopsTheWriterAndThePoolItBuilt() {
        Set<String> before = threadNames();
        WorkflowDefinition<In> def = Workflow.define("t", In.class).step("s", ctx -> 1).build();
        try (WorkflowEngine engine = WorkflowEngine.builder().store(newStore()).register(def).build()) {
            engine.start("t", new In("x")).result(Duration.ofSeconds(10));
            assertThat(threadNames()).anyMatch(n -> n.startsWith("foundation-workflow-postgres-writer"));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> threadNames().stream().noneMatch(n -> !before.contains(n)
                        && (n.startsWith("foundation-workflow") || n.contains("foundation-workflow-pg"))));
    }

    @Test
    void databaseRestart_failsWritesClearly_andTheEngineFinishesInFlightAndNewInstancesWithoutManualAction() throws Exception {
        assumeTrue(TestPostgres.restartable(), "FOUNDATION_TEST_POSTGRES_URL names a server without"
                + " FOUNDATION_TEST_POSTGRES_PGCTL: cannot restart it");
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        WorkflowDefinition<In> def = Workflow.define("restart", In.class).step("s", ctx -> ctx.input().v()).build();
        WorkflowDefinition<In> slow = Workflow.define("inflight", In.class)
                .step("wait", ctx -> {
                    running.countDown();
                    return release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                })
                .step("next", ctx -> "done", s -> s.after("wait"))
                .build();
        try (WorkflowEngine engine = WorkflowEngine.builder().store(newStore()).register(def).register(slow)
                .build()) {
            assertThat(engine.start("restart", new In("before")).result(Duration.ofSeconds(10)).status())
                    .isEqualTo(Status.COMPLETED);
            WorkflowHandle inflight = engine.start("inflight", new In("x"));
            assertThat(running.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            String startedBefore = postmasterStart();
            TestPostgres.restart();
            assertThat(postmasterStart()).isNotEqualTo(startedBefore); // the server really went down and up
            java.util.List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            WorkflowHandle after = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        try {
                            return engine.start("restart", new In("after"), "after-restart");
                        } catch (WorkflowStoreException e) {
                            failures.add(e);
                            return null;
                        }
                    }, java.util.Objects::nonNull);
            assertThat(after.result(Duration.ofSeconds(10)).status()).isEqualTo(Status.COMPLETED);
            assertThat(after.output("s", String.class)).contains("after");
            // a write that met a dead connection (the pool usually validates them away first) says so
            assertThat(failures).allSatisfy(f -> assertThat(f).hasMessageContaining("SQLState"));
            release.countDown(); // the step that ran across the restart now checkpoints and the instance goes on
            assertThat(inflight.result(Duration.ofSeconds(60)).status()).isEqualTo(Status.COMPLETED);
            assertThat(inflight.output("next", String.class)).contains("done");
            assertThat(engine.query(Query.status(Status.COMPLETED))).hasSize(3);
        }
    }

    static String postmasterStart() throws SQLException {
        try (Connection c = admin(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_postmaster_start_time()::text")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }
}
