package dev.foundation.workflow.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import dev.foundation.coordination.EmbeddedMemberConfig;
import dev.foundation.coordination.HazelcastMembers;
import dev.foundation.workflow.ClusterOptions;
import dev.foundation.workflow.Retry;
import dev.foundation.workflow.Status;
import dev.foundation.workflow.StepAttempt;
import dev.foundation.workflow.Workflow;
import dev.foundation.workflow.WorkflowDefinition;
import dev.foundation.workflow.WorkflowEngine;
import dev.foundation.workflow.WorkflowHandle;
import dev.foundation.workflow.WorkflowOwnershipException;
import dev.foundation.workflow.WorkflowStoreException;
import dev.foundation.workflow.WorkflowStores;
import dev.foundation.workflow.spi.Checkpoint;
import dev.foundation.workflow.spi.LeasedStore;
import dev.foundation.workflow.spi.NewInstance;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode on PostgreSQL: leases, epochs and fencing in the store, then engines sharing one store and one
 * Hazelcast cluster.
 */
class PostgresClusterTest {

    record In(String v) {
    }

    private PgSchema schema;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void createSchema() throws Exception {
        schema = PgSchema.create();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        closeables.add(c);
        return c;
    }

    private LeasedStore leasedStore() {
        LeasedStore s = (LeasedStore) schema.store();
        s.initialize();
        return closeLater(s);
    }

    private static NewInstance newInstance(String key) {
        return new NewInstance(key + "-id", "w", 1, key, new byte[] {1}, Instant.now(), null);
    }

    private static void cancelWrite(LeasedStore s, String id, long epoch) throws Exception {
        s.checkpoint(id, epoch, List.of(new Checkpoint.CancelRequested(id, Instant.now()))).get(10, TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------- the store's leases

    @Test
    void leases_fenceEveryWriteByEpoch_andOnlyTheCurrentOwnerRenews() throws Exception {
        LeasedStore a = leasedStore();
        LeasedStore b = leasedStore();
        LeasedStore.Owned created = a.createInstance(newInstance("k1"), List.of(), "A", Duration.ofMinutes(1))
                .get(10, TimeUnit.SECONDS);
        String id = created.instance().id();
        assertThat(created.epoch()).isEqualTo(1);
        cancelWrite(a, id, 1); // the owner writes
        assertThat(b.claim("B", 10, Duration.ofMinutes(1))).as("held by A: nothing to claim").isEmpty();
        assertThat(a.renew("A", Map.of(id, 1L), Duration.ofMinutes(1))).containsExactly(id);

        assertThat(b.expire("A", Duration.ofMinutes(1))).as("renewed just now: A may only be cut off").isZero();
        assertThat(b.expire("A", Duration.ZERO)).as("A is gone").isEqualTo(1);
        List<LeasedStore.Owned> claimed = b.claim("B", 10, Duration.ofMinutes(1));
        assertThat(claimed).singleElement().satisfies(o -> {
            assertThat(o.instance().id()).isEqualTo(id);
            assertThat(o.epoch()).isEqualTo(2);
        });

        assertThatThrownBy(() -> cancelWrite(a, id, 1)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WorkflowOwnershipException.class)
                .hasMessageContaining("epoch 1").hasMessageContaining("now at epoch 2").hasMessageContaining("owner B");
        assertThat(a.fencedWrites()).isEqualTo(1);
        assertThat(a.renew("A", Map.of(id, 1L), Duration.ofMinutes(1))).as("A's lease is gone").isEmpty();
        cancelWrite(b, id, 2);
        assertThat(b.renew("B", Map.of(id, 2L), Duration.ofMinutes(1))).containsExactly(id);
        assertThat(b.fencedWrites()).isZero();
    }

    @Test
    void renewAndRelease_neverWaitForARowAWriterHolds_soTheyCannotDeadlockWithIt() throws Exception {
        // the group-commit writer ends instances in a batch (DELETE FROM wf_lease, row by row in its own order);
        // a renewal of many rows that waited for one of them while holding another deadlocked with it (40P01)
        LeasedStore a = leasedStore();
        List<String> ids = new ArrayList<>();
        for (String key : List.of("k1", "k2", "k3")) {
            ids.add(a.createInstance(newInstance(key), List.of(), "A", Duration.ofMinutes(1)).get(10, TimeUnit.SECONDS)
                    .instance().id());
        }
        Map<String, Long> owned = Map.of(ids.get(0), 1L, ids.get(1), 1L, ids.get(2), 1L);
        try (java.sql.Connection writer = PgSchema.admin(); java.sql.Statement st = writer.createStatement()) {
            writer.setAutoCommit(false);
            st.execute("SET search_path TO " + schema.name);
            st.execute("SELECT 1 FROM wf_lease WHERE instance_id = '" + ids.get(1) + "' FOR UPDATE"); // as DELETE does
            java.util.concurrent.CompletableFuture<java.util.Set<String>> renewed = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> a.renew("A", owned, Duration.ofMinutes(1)));
            assertThat(renewed.get(10, TimeUnit.SECONDS)).as("renewed at once, the held row left out")
                    .containsExactlyInAnyOrder(ids.get(0), ids.get(2));
            java.util.concurrent.CompletableFuture<Integer> released = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> a.release("A", Map.of(ids.get(0), 1L, ids.get(1), 1L)));
            assertThat(released.get(10, TimeUnit.SECONDS)).as("released at once, the held row left out").isEqualTo(1);
            writer.rollback();
        }
        assertThat(a.renew("A", owned, Duration.ofMinutes(1))).as("the writer let go: renewable again")
                .containsExactlyInAnyOrder(ids.get(1), ids.get(2));
    }

    @Test
    void aFencedWrite_appliesNoneOfItsChanges() throws Exception {
        LeasedStore a = leasedStore();
        String id = a.createInstance(newInstance("k"), List.of(), "A", Duration.ofMinutes(1)).get().instance().id();
        a.expire("A", Duration.ZERO);
        a.claim("B", 1, Duration.ofMinutes(1));
        assertThatThrownBy(() -> a.checkpoint(id, 1, List.of(new Checkpoint.StatusChanged(id, Status.COMPLETED, null,
                Instant.now()))).get()).cause().isInstanceOf(WorkflowOwnershipException.class);
        assertThat(a.instance(id).orElseThrow().status()).isEqualTo(Status.RUNNING);
    }

    @Test
    void anExpiredLease_isClaimedByTheNextNode_byTheDatabaseClock() throws Exception {
        LeasedStore a = leasedStore();
        String id = a.createInstance(newInstance("k"), List.of(), "A", Duration.ofMillis(300)).get().instance().id();
        List<LeasedStore.Owned> claimed = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> a.claim("B", 5, Duration.ofMinutes(1)), l -> !l.isEmpty());
        assertThat(claimed).singleElement().satisfies(o -> {
            assertThat(o.instance().id()).isEqualTo(id);
            assertThat(o.epoch()).isEqualTo(2);
        });
    }

    @Test
    void release_makesInstancesClaimableAtOnce_andTheNextClaimFencesTheReleaser() throws Exception {
        LeasedStore a = leasedStore();
        String id = a.createInstance(newInstance("k"), List.of(), "A", Duration.ofMinutes(10)).get().instance().id();
        assertThat(a.release("A", Map.of(id, 7L))).as("wrong epoch: not A's to release").isZero();
        assertThat(a.release("A", Map.of(id, 1L))).isEqualTo(1);
        assertThat(a.claim("B", 5, Duration.ofMinutes(1))).extracting(LeasedStore.Owned::epoch).containsExactly(2L);
        assertThatThrownBy(() -> cancelWrite(a, id, 1)).cause().isInstanceOf(WorkflowOwnershipException.class);
    }

    @Test
    void createdUnowned_isClaimable_andAKeyThatExists_isNotOwnedByTheSecondCreator() throws Exception {
        LeasedStore a = leasedStore();
        LeasedStore.Owned unowned = a.createInstance(newInstance("u"), List.of(), null, Duration.ofMinutes(1)).get();
        assertThat(unowned.epoch()).isZero();
        LeasedStore.Owned again = a.createInstance(new NewInstance("other-id", "w", 1, "u", new byte[] {2},
                Instant.now(), null), List.of(), "A", Duration.ofMinutes(1)).get();
        assertThat(again.instance().id()).isEqualTo(unowned.instance().id());
        assertThat(again.epoch()).as("the key existed: the caller owns nothing").isZero();
        assertThat(a.claim("A", 5, Duration.ofMinutes(1))).extracting(o -> o.instance().id())
                .containsExactly(unowned.instance().id());
    }

    @Test
    void concurrentClaims_skipLockedRows_soEveryInstanceIsClaimedByExactlyOneNode() throws Exception {
        LeasedStore setup = leasedStore();
        int n = 200;
        List<java.util.concurrent.CompletableFuture<LeasedStore.Owned>> creates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            creates.add(setup.createInstance(newInstance("c" + i), List.of(), null, Duration.ofMinutes(1)));
        }
        for (var f : creates) {
            f.get(30, TimeUnit.SECONDS);
        }
        int nodes = 4;
        Map<String, String> claimedBy = new ConcurrentHashMap<>();
        List<String> duplicates = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int k = 0; k < nodes; k++) {
            LeasedStore s = leasedStore();
            String node = "N" + k;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    while (true) {
                        List<LeasedStore.Owned> got = s.claim(node, 7, Duration.ofMinutes(1));
                        if (got.isEmpty()) {
                            return;
                        }
                        for (LeasedStore.Owned o : got) {
                            if (claimedBy.putIfAbsent(o.instance().id(), node) != null) {
                                duplicates.add(o.instance().id());
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertThat(duplicates).isEmpty();
        assertThat(claimedBy).hasSize(n);
        assertThat(schema.queryLong("SELECT COUNT(*) FROM wf_lease WHERE epoch = 1")).isEqualTo(n);
    }

    // ---------------------------------------------------------------- engines sharing the store

    @Test
    void clusterMode_onSqlite_isRefusedClearly(@TempDir Path dir) {
        assertThatThrownBy(() -> WorkflowEngine.builder().store(WorkflowStores.sqlite(dir.resolve("wf.db")))
                .cluster(ClusterOptions.builder().build()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster mode needs a store");
    }

    @Test
    void clusterOptions_validateTheirValues() {
        assertThatThrownBy(() -> ClusterOptions.builder().lease(Duration.ofSeconds(3))
                .renewInterval(Duration.ofSeconds(2)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most half the lease");
        assertThatThrownBy(() -> ClusterOptions.builder().maxInstances(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClusterOptions.builder().nodeId(" ")).isInstanceOf(IllegalArgumentException.class);
        ClusterOptions o = ClusterOptions.builder().lease(Duration.ofSeconds(9)).nodeId("n1").build();
        assertThat(o.renewInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.nodeId()).isEqualTo("n1");
    }

    private List<HazelcastInstance> hazelcast(int n) {
        EmbeddedMemberConfig config = EmbeddedMemberConfig.forTesting().build();
        List<HazelcastInstance> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HazelcastInstance hz = HazelcastMembers.embedded(config);
            closeables.add(() -> hz.getLifecycleService().terminate());
            members.add(hz);
        }
        return members;
    }

    private WorkflowEngine node(HazelcastInstance hz, SimpleMeterRegistry registry, WorkflowDefinition<?> def,
                                ClusterOptions.Builder options) {
        WorkflowEngine.Builder b = WorkflowEngine.builder().store(schema.store()).register(def)
                .cluster(options.signals(HazelcastClusterSignals.of(hz)).build());
        if (registry != null) {
            b.meterRegistry(registry);
        }
        return closeLater(b.build());
    }

    /** Long leases and no polling to speak of: only Hazelcast can make things happen promptly. */
    private static ClusterOptions.Builder slowPolling() {
        return ClusterOptions.builder().lease(Duration.ofMinutes(1)).renewInterval(Duration.ofSeconds(20))
                .claimInterval(Duration.ofMinutes(1));
    }

    @Test
    void aMemberLeaving_handsItsInstancesOver_andThePausedOldOwnersLateWriteIsFenced() throws Exception {
        List<HazelcastInstance> hz = hazelcast(2);
        AtomicBoolean first = new AtomicBoolean(true);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WorkflowDefinition<In> def = Workflow.define("fence", In.class)
                .step("work", ctx -> {
                    if (first.compareAndSet(true, false)) {
                        entered.countDown();
                        release.await(60, TimeUnit.SECONDS); // the old owner, "paused" inside the step
                    }
                    return ctx.input().v();
                })
                .step("after", ctx -> "done", s -> s.after("work"))
                .build();
        SimpleMeterRegistry registryA = new SimpleMeterRegistry();
        WorkflowEngine a = node(hz.get(0), registryA, def, slowPolling());
        String nodeA = hz.get(0).getCluster().getLocalMember().getUuid().toString();
        WorkflowHandle h = a.start("fence", new In("x"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        // B ends a gone member's leases if they went 2 x 100 ms without renewal; A renews every 20 s
        WorkflowEngine b = node(hz.get(1), null, def, slowPolling().renewInterval(Duration.ofMillis(100)));
        String nodeB = hz.get(1).getCluster().getLocalMember().getUuid().toString();
        assertThat(schema.queryLong("SELECT epoch FROM wf_lease")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> schema.queryLong("SELECT COUNT(*) FROM wf_lease"
                + " WHERE renewed_at < now() - INTERVAL '300 milliseconds'") == 1);

        hz.get(0).getLifecycleService().terminate(); // A's member is gone; its JVM (the engine) is not
        WorkflowHandle onB = b.instance(h.id()).orElseThrow();
        assertThat(onB.result(Duration.ofSeconds(30)).status()).isEqualTo(Status.COMPLETED);
        assertThat(schema.queryLong("SELECT COUNT(*) FROM wf_lease")).as("an ended instance has no lease").isZero();

        release.countDown(); // A's step returns and A writes its result under epoch 1
        await().atMost(Duration.ofSeconds(10)).until(() -> registryA.find("foundation.workflow.writes.fenced")
                .counters().stream().mapToDouble(c -> c.count()).sum() == 1.0);
        assertThat(a.inFlight()).isZero();
        assertThat(schema.queryLong("SELECT COUNT(*) FROM wf_attempt WHERE step = 'work' AND outcome = 'COMPLETED'"))
                .as("one recorded completion: the new owner's").isEqualTo(1);
        assertThat(schema.queryLong("SELECT COUNT(*) FROM wf_attempt WHERE step = 'work' AND finished_at IS NULL"
                + " AND started_epoch = 1")).as("the fenced attempt stays open in the history").isEqualTo(1);
        assertThat(schema.queryLong("SELECT COUNT(*) FROM wf_attempt WHERE outcome = 'COMPLETED'"
                + " AND started_epoch = 2 AND finished_epoch = 2")).as("B's attempts, under B's epoch").isEqualTo(2);
        assertThat(nodeA).isNotEqualTo(nodeB);
    }

    @Test
    void aStartOnANodeWithoutCapacity_isRunByAnotherNode_wokenThroughHazelcast() throws Exception {
        List<HazelcastInstance> hz = hazelcast(2);
        WorkflowDefinition<In> def = Workflow.define("spread", In.class).step("s", ctx -> ctx.input().v() + "!")
                .build();
        WorkflowEngine starter = node(hz.get(0), null, def, slowPolling().maxInstances(0));
        WorkflowEngine runner = node(hz.get(1), null, def, slowPolling());
        String runnerId = hz.get(1).getCluster().getLocalMember().getUuid().toString();
        // the runner's first claim (at its start) found nothing; its next poll is a minute away
        WorkflowHandle h = starter.start("spread", new In("hi"));
        assertThat(starter.inFlight()).isZero();
        assertThat(h.result(Duration.ofSeconds(20)).status()).isEqualTo(Status.COMPLETED);
        assertThat(h.output("s", String.class)).contains("hi!");
        assertThat(schema.queryLong("SELECT MAX(started_epoch) FROM wf_attempt")).as("claimed once, by the runner")
                .isEqualTo(1);
        assertThat(runnerId).isNotBlank();
        assertThat(runner.inFlight()).isZero();
    }

    @Test
    void aNodeClosing_releasesItsLeases_andAnotherNodeResumesAtOnce() throws Exception {
        List<HazelcastInstance> hz = hazelcast(2);
        AtomicBoolean first = new AtomicBoolean(true);
        CountDownLatch entered = new CountDownLatch(1);
        WorkflowDefinition<In> def = Workflow.define("handover", In.class)
                .step("s", ctx -> {
                    if (first.compareAndSet(true, false)) {
                        entered.countDown();
                        new CountDownLatch(1).await(); // until the closing engine interrupts it
                    }
                    return "resumed";
                })
                .build();
        WorkflowEngine a = node(hz.get(0), null, def, slowPolling());
        WorkflowEngine b = node(hz.get(1), null, def, slowPolling());
        WorkflowHandle h = a.start("handover", new In("x"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        a.close();
        assertThat(b.instance(h.id()).orElseThrow().result(Duration.ofSeconds(20)).status())
                .isEqualTo(Status.COMPLETED);
        assertThat(b.instance(h.id()).orElseThrow().output("s", String.class)).contains("resumed");
        assertThat(schema.queryLong("SELECT COUNT(*) FROM wf_attempt WHERE outcome = 'COMPLETED' AND started_epoch = 2"))
                .as("completed by B under the epoch of its claim after A released").isEqualTo(1);
    }

    @Test
    void aDatabaseRestartDuringARun_isRecoveredFromByTheNodesWithoutManualAction() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestPostgres.restartable(), "FOUNDATION_TEST_POSTGRES_URL"
                + " names a server without FOUNDATION_TEST_POSTGRES_PGCTL: cannot restart it");
        CountDownLatch midway = new CountDownLatch(10);
        CountDownLatch restarted = new CountDownLatch(1);
        WorkflowDefinition<In> def = Workflow.define("restart-cluster", In.class)
                .step("a", ctx -> {
                    midway.countDown();
                    return 1;
                })
                .step("b", ctx -> {
                    restarted.await(60, TimeUnit.SECONDS); // in flight while the database goes down and comes back
                    return 2;
                }, s -> s.after("a"))
                .step("c", ctx -> 3, s -> s.after("b"))
                .build();
        ClusterOptions.Builder options = ClusterOptions.builder().lease(Duration.ofSeconds(2))
                .renewInterval(Duration.ofMillis(400)).claimInterval(Duration.ofMillis(200));
        WorkflowEngine a = closeLater(WorkflowEngine.builder().store(schema.store()).register(def)
                .cluster(options.nodeId("A").build()).build());
        WorkflowEngine b = closeLater(WorkflowEngine.builder().store(schema.store()).register(def)
                .cluster(options.nodeId("B").build()).build());
        List<WorkflowHandle> handles = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            handles.add((i % 2 == 0 ? a : b).start("restart-cluster", new In("i" + i)));
        }
        assertThat(midway.await(30, TimeUnit.SECONDS)).isTrue();
        String before = PostgresWorkflowStoreKitTest.postmasterStart();
        TestPostgres.restart();
        assertThat(PostgresWorkflowStoreKitTest.postmasterStart()).isNotEqualTo(before);
        restarted.countDown();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                schema.queryLong("SELECT COUNT(*) FROM wf_instance WHERE status = 'COMPLETED'") == handles.size());
        assertThat(schema.queryLong("SELECT COUNT(*) FROM (SELECT instance_id, step FROM wf_attempt"
                + " WHERE outcome = 'COMPLETED' GROUP BY instance_id, step HAVING COUNT(*) > 1) d")).isZero();
        assertThat(schema.queryLong("SELECT COUNT(*) FROM wf_step WHERE state = 'COMPLETED'")).isEqualTo(120);
        // the nodes keep working afterwards: a new start on each completes
        assertThat(a.start("restart-cluster", new In("after-a")).result(Duration.ofSeconds(30)).status())
                .isEqualTo(Status.COMPLETED);
        assertThat(b.start("restart-cluster", new In("after-b")).result(Duration.ofSeconds(30)).status())
                .isEqualTo(Status.COMPLETED);
    }

    @Test
    void anInstanceWaitingForALongRetry_isHandedBackToTheStore_andRunByAnotherNodeWhenDue() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        WorkflowDefinition<In> def = Workflow.define("parked", In.class)
                .step("flaky", ctx -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("first attempt fails");
                    }
                    return "ok";
                }, s -> s.retry(Retry.fixed(Duration.ofSeconds(2), 3).withJitter(0)))
                .build();
        ClusterOptions.Builder options = ClusterOptions.builder().lease(Duration.ofSeconds(1))
                .claimInterval(Duration.ofMillis(100)).handOffTimersBeyond(Duration.ofMillis(500));
        WorkflowEngine a = closeLater(WorkflowEngine.builder().store(schema.store()).register(def)
                .cluster(options.nodeId("A").build()).build());
        WorkflowHandle h = a.start("parked", new In("x"));
        await().atMost(Duration.ofSeconds(10)).until(() -> schema.queryLong("SELECT COUNT(*) FROM wf_lease"
                + " WHERE owner IS NULL AND lease_until > now()") == 1);
        assertThat(a.inFlight()).as("handed back: A runs nothing while the retry waits").isZero();
        a.close();
        WorkflowEngine b = closeLater(WorkflowEngine.builder().store(schema.store()).register(def)
                .cluster(options.nodeId("B").build()).build());
        WorkflowHandle onB = b.instance(h.id()).orElseThrow();
        assertThat(onB.result(Duration.ofSeconds(20)).status()).isEqualTo(Status.COMPLETED);
        List<StepAttempt> history = onB.history();
        assertThat(history).hasSize(2);
        assertThat(Duration.between(history.get(0).finishedAt(), history.get(1).startedAt()))
                .as("not run before the retry was due").isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(schema.queryLong("SELECT started_epoch FROM wf_attempt WHERE attempt = 2")).isEqualTo(2);
    }

    @Test
    void anExhaustedPool_failsStartsClearly_andTheNodeWorksAgainOnceConnectionsFreeUp() throws Exception {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(schema.url);
        config.setUsername(TestPostgres.user());
        config.setPassword(TestPostgres.password().isEmpty() ? null : TestPostgres.password());
        config.setMaximumPoolSize(3);
        config.setConnectionTimeout(250);
        try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config)) {
            WorkflowDefinition<In> def = Workflow.define("pool", In.class).step("s", ctx -> ctx.input().v()).build();
            WorkflowEngine node = closeLater(WorkflowEngine.builder().store(PostgresWorkflowStores.postgres(pool)).register(def)
                    .cluster(ClusterOptions.builder().nodeId("N").build()).build());
            List<java.sql.Connection> held = new ArrayList<>();
            try {
                await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                    held.add(pool.getConnection()); // the whole pool, as a leak elsewhere in the application would
                    return held.size() == 3;
                });
                assertThatThrownBy(() -> node.start("pool", new In("x"), "while-exhausted"))
                        .isInstanceOf(WorkflowStoreException.class)
                        .hasMessageContaining("not applied")
                        .hasMessageContaining("Connection is not available");
            } finally {
                for (java.sql.Connection c : held) {
                    c.close();
                }
            }
            WorkflowHandle h = node.start("pool", new In("y"), "after");
            assertThat(h.result(Duration.ofSeconds(20)).status()).isEqualTo(Status.COMPLETED);
            assertThat(h.output("s", String.class)).contains("y");
        }
    }
}
