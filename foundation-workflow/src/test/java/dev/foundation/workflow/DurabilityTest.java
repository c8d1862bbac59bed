package dev.foundation.workflow;

import dev.foundation.workflow.kit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foundation.core.Codec;
import dev.foundation.core.CodecException;
import dev.foundation.core.Codecs;
import dev.foundation.workflow.internal.SqliteWorkflowStore;
import dev.foundation.workflow.spi.AttemptKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurabilityTest {

    record In(String v) {}

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("wf.db");
    }

    @Test
    void restart_resumesInstance_reusingCompletedOutputs_andRerunningTheUnfinishedStep() throws Exception {
        AtomicInteger firstRuns = new AtomicInteger();
        AtomicInteger secondRuns = new AtomicInteger();
        CountDownLatch blocked = new CountDownLatch(1);
        WorkflowDefinition<In> v1 = Workflow.define("resume", In.class)
                .step("first", ctx -> "out-" + firstRuns.incrementAndGet())
                .step("second", ctx -> {
                    if (secondRuns.incrementAndGet() == 1) {
                        blocked.countDown();
                        new CountDownLatch(1).await(); // "crashes" here: the engine closes under it
                    }
                    return ctx.output("first", String.class) + "+second";
                }, s -> s.after("first"))
                .build();
        String id;
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db())).register(v1).build()) {
            id = engine.start("resume", new In("x"), "key-1").id();
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
        }
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db())).register(v1).build()) {
            WorkflowHandle h = engine.instance(id).orElseThrow();
            assertThat(h.result(Duration.ofSeconds(10)).status()).isEqualTo(Status.COMPLETED);
            assertThat(firstRuns.get()).isEqualTo(1);
            assertThat(secondRuns.get()).isEqualTo(2);
            assertThat(h.output("second", String.class)).contains("out-1+second");
            List<StepAttempt> second = h.history().stream().filter(a -> a.step().equals("second")).toList();
            assertThat(second).extracting(StepAttempt::attempt).containsExactly(1, 2);
            assertThat(second.get(0).finishedAt()).isNull(); // the attempt the "crash" cut short
            assertThat(second.get(1).outcome()).isEqualTo("COMPLETED");
        }
    }

    @Test
    void restart_withVersionNoLongerRegistered_failsThatInstanceOnly() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        WorkflowDefinition<In> v1 = Workflow.define("versioned", In.class).version(1)
                .step("s", ctx -> {
                    blocked.countDown();
                    new CountDownLatch(1).await();
                    return null;
                }).build();
        WorkflowDefinition<In> v2 = Workflow.define("versioned", In.class).version(2).step("s", ctx -> "v2").build();
        String id;
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db())).register(v1).build()) {
            id = engine.start("versioned", new In("x")).id();
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
        }
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db())).register(v2).build()) {
            InstanceInfo old = engine.instance(id).orElseThrow().result(Duration.ofSeconds(10));
            assertThat(old.status()).isEqualTo(Status.FAILED);
            assertThat(old.version()).isEqualTo(1);
            assertThat(old.error()).contains("workflow 'versioned' version 1 is not registered",
                    "registered versions: [2]", "cannot resume");
            InstanceInfo fresh = engine.start("versioned", new In("y")).result(Duration.ofSeconds(10));
            assertThat(fresh.status()).isEqualTo(Status.COMPLETED);
            assertThat(fresh.version()).isEqualTo(2);
        }
    }

    @Test
    void restart_withUndecodableInput_failsThatInstanceWithAClearError() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        WorkflowDefinition<In> before = Workflow.define("decode", In.class)
                .step("s", ctx -> {
                    blocked.countDown();
                    new CountDownLatch(1).await();
                    return null;
                }).build();
        Codec<In> broken = new Codec<>() {
            @Override
            public byte[] encode(In value) {
                return Codecs.json(In.class).encode(value);
            }

            @Override
            public In decode(byte[] bytes) {
                throw new CodecException(name(), "field 'v' has the wrong shape", null);
            }

            @Override
            public String name() {
                return "strict(In)";
            }
        };
        WorkflowDefinition<In> after = Workflow.define("decode", In.class).inputCodec(broken)
                .step("s", ctx -> null).build();
        String id;
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db())).register(before)
                .build()) {
            id = engine.start("decode", new In("x")).id();
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
        }
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db())).register(after)
                .build()) {
            InstanceInfo info = engine.instance(id).orElseThrow().result(Duration.ofSeconds(10));
            assertThat(info.status()).isEqualTo(Status.FAILED);
            assertThat(info.error()).contains("stored input does not decode with strict(In)", "wrong shape");
        }
    }

    @Test
    void cancellation_survivesRestart_andCompensates() throws Exception {
        AtomicInteger undo = new AtomicInteger();
        CountDownLatch blocked = new CountDownLatch(1);
        WorkflowDefinition<In> def = Workflow.define("cancel", In.class)
                .step("a", ctx -> "a", s -> s.compensateWith(c -> undo.incrementAndGet()))
                .step("wait", ctx -> {
                    blocked.countDown();
                    new CountDownLatch(1).await();
                    return null;
                }, s -> s.after("a").retry(Retry.fixed(Duration.ofHours(1), 5)))
                .build();
        String id;
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db())).register(def).build()) {
            WorkflowHandle h = engine.start("cancel", new In("x"));
            id = h.id();
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(h.cancel()).isTrue();
            h.result(Duration.ofSeconds(10));
        }
        assertThat(undo.get()).isEqualTo(1);
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db())).register(def).build()) {
            InstanceInfo info = engine.instance(id).orElseThrow().info();
            assertThat(info.status()).isEqualTo(Status.CANCELLED);
            assertThat(engine.history(id)).filteredOn(a -> a.kind() == AttemptKind.COMPENSATION).hasSize(1);
        }
    }

    @Test
    void store_createsSchemaVersionTable_inWalModeWithSynchronousFull() throws Exception {
        try (SqliteWorkflowStore store = new SqliteWorkflowStore(db(), SqliteOptions.defaults())) {
            store.initialize();
            store.initialize();
            assertThat(store.schemaVersion()).isEqualTo(2);
        }
        try (SqliteWorkflowStore store = new SqliteWorkflowStore(db(), SqliteOptions.defaults())) {
            store.initialize(); // reopening migrates nothing and keeps the version
            assertThat(store.schemaVersion()).isEqualTo(2);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM wf_schema")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("migrations 1 and 2").isEqualTo(2);
            }
            st.execute("INSERT INTO wf_schema(version, applied_at) VALUES (99, 0)");
        }
        try (SqliteWorkflowStore store = new SqliteWorkflowStore(db(), SqliteOptions.defaults())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(store::initialize)
                    .isInstanceOf(WorkflowStoreException.class)
                    .hasMessageContaining("schema version 99, newer than this engine supports (2)");
        }
    }

    private Long lastFire(String trigger) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT last_fire FROM wf_trigger WHERE name = '" + trigger + "'")) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    @Test
    void scheduleTrigger_firesOnTheClock_oncePerFireTime_andCatchesUpAfterRestart() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:30Z"));
        WorkflowDefinition<String> report = Workflow.define("report", String.class).step("s", ctx -> ctx.input())
                .build();
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db())).register(report)
                .clock(clock).timerPollInterval(Duration.ofMillis(10))
                .schedule("every-minute", Schedule.cron("* * * * *"), "report", t -> "at " + t).build()) {
            clock.advance(Duration.ofSeconds(30)); // 10:01:00
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.query(Query.status(Status.COMPLETED)).size() == 1);
            assertThat(engine.query(Query.all()).get(0).idempotencyKey())
                    .isEqualTo("schedule:every-minute:2026-11-23T10:01:00Z");
            await().atMost(Duration.ofSeconds(10)).until(() -> lastFire("every-minute") != null);
            assertThat(lastFire("every-minute")).isEqualTo(Instant.parse("2026-11-23T10:01:00Z").toEpochMilli());
        }
        clock.advance(Duration.ofMinutes(10)); // 10:11:00, ten fires missed while down
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db())).register(report)
                .clock(clock).timerPollInterval(Duration.ofMillis(10))
                .schedule("every-minute", Schedule.cron("* * * * *"), "report", t -> "at " + t).build()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.query(Query.status(Status.COMPLETED)).size() == 2);
            assertThat(engine.query(Query.all())).extracting(InstanceInfo::idempotencyKey)
                    .contains("schedule:every-minute:2026-11-23T10:11:00Z");
        }
    }

    @Test
    void aScheduleFireWhoseStartFails_isRetried_notRecordedAsFired() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:30Z"));
        WorkflowDefinition<String> report = Workflow.define("report", String.class).step("s", ctx -> ctx.input())
                .build();
        java.util.concurrent.atomic.AtomicInteger failing = new java.util.concurrent.atomic.AtomicInteger(2);
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db())).register(report)
                .clock(clock).timerPollInterval(Duration.ofMillis(10))
                .schedule("flaky", Schedule.cron("* * * * *"), "report", t -> {
                    if (failing.getAndDecrement() > 0) {
                        throw new IllegalStateException("input not ready (scripted)");
                    }
                    return "at " + t;
                }).build()) {
            clock.advance(Duration.ofSeconds(30)); // 10:01:00: the start fails twice
            await().atMost(Duration.ofSeconds(10)).until(() -> failing.get() < 2);
            assertThat(lastFire("flaky")).as("a fire that started nothing is not recorded").isNull();
            // the retries wait 1 s, then 2 s, on the engine's clock
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (clock.instant().isBefore(Instant.parse("2026-11-23T10:01:30Z"))) {
                    clock.advance(Duration.ofMillis(500));
                }
                return engine.query(Query.status(Status.COMPLETED)).size() == 1;
            });
            assertThat(engine.query(Query.all())).extracting(InstanceInfo::idempotencyKey)
                    .containsExactly("schedule:flaky:2026-11-23T10:01:00Z");
            await().atMost(Duration.ofSeconds(10)).until(() -> lastFire("flaky") != null);
            assertThat(lastFire("flaky")).isEqualTo(Instant.parse("2026-11-23T10:01:00Z").toEpochMilli());
        }
    }
}
