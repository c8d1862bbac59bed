package dev.foundation.workflow.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.foundation.workflow.InstanceInfo;
import dev.foundation.workflow.NonRetryableException;
import dev.foundation.workflow.Query;
import dev.foundation.workflow.Retry;
import dev.foundation.workflow.Status;
import dev.foundation.workflow.StepAttempt;
import dev.foundation.workflow.Workflow;
import dev.foundation.workflow.WorkflowDefinition;
import dev.foundation.workflow.WorkflowEngine;
import dev.foundation.workflow.WorkflowHandle;
import dev.foundation.workflow.WorkflowStoreException;
import dev.foundation.workflow.WorkflowStoreLockedException;
import dev.foundation.workflow.spi.AttemptKind;
import dev.foundation.workflow.spi.Checkpoint;
import dev.foundation.workflow.spi.NewInstance;
import dev.foundation.workflow.spi.StepState;
import dev.foundation.workflow.spi.StoredInstance;
import dev.foundation.workflow.spi.StoredStep;
import dev.foundation.workflow.spi.WorkflowStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link WorkflowStore} keeps, run against each implementation by a subclass: the store
 * contract at the SPI (insert-or-get, fences, atomic checkpoints in a group commit, triggers, close) and the
 * engine on top of it (start, checkpoints, resume after a restart, idempotency key, durable timer,
 * compensation, cancellation, queries).
 *
 * <p>{@link #newStore()} returns a new, uninitialised store on the same backing database each time it is
 * called within one test (a "restart" opens a second one), and a database of its own for each test.
 *
 * <p>Published with classifier {@code tests} of {@code foundation-workflow} (only this package): a third-party
 * store depends on it in test scope, subclasses it and runs it with JUnit Jupiter (plus AssertJ and Awaitility,
 * which the kit uses).
 */
public abstract class WorkflowStoreKit {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    /**
     * The input of the kit's workflows.
     *
     * @param v a value
     */
    public record In(String v) {}

    /** For subclasses. */
    protected WorkflowStoreKit() {
    }

    /**
     * A new store on this test's database.
     *
     * @return an uninitialised store
     */
    protected abstract WorkflowStore newStore();

    private WorkflowStore openStore() {
        WorkflowStore store = newStore();
        store.initialize();
        return store;
    }

    private WorkflowEngine engine(WorkflowDefinition<?>... defs) {
        return engine(java.time.Clock.systemUTC(), defs);
    }

    private WorkflowEngine engine(java.time.Clock clock, WorkflowDefinition<?>... defs) {
        WorkflowEngine.Builder b = WorkflowEngine.builder().store(newStore()).clock(clock)
                .timerPollInterval(Duration.ofMillis(10));
        for (WorkflowDefinition<?> d : defs) {
            b.register(d);
        }
        return b.build();
    }

    private static NewInstance instance(String id, String key) {
        return new NewInstance(id, "w", 1, key, "{}".getBytes(StandardCharsets.UTF_8), T0, null);
    }

    private static Checkpoint started(String id, String step, int attempt) {
        return new Checkpoint.AttemptStarted(id, step, AttemptKind.STEP, attempt, T0);
    }

    private static Checkpoint completed(String id, String step, int attempt, long seq) {
        return new Checkpoint.AttemptFinished(id, step, AttemptKind.STEP, attempt, T0.plusSeconds(1),
                StepState.COMPLETED, "1".getBytes(StandardCharsets.UTF_8), null, seq, null, null);
    }

    // ------------------------------------------------------------------ the SPI contract

    @Test
    public void createInstance_isInsertOrGet_andWritesInitialCheckpointsOnlyWhenNew() {
        try (WorkflowStore store = openStore()) {
            StoredInstance a = store.createInstance(instance("i1", "k"), List.of(started("i1", "s", 1))).join();
            StoredInstance b = store.createInstance(instance("i2", "k"), List.of(started("i2", "s", 1))).join();
            assertThat(a.id()).isEqualTo("i1");
            assertThat(b.id()).isEqualTo("i1");
            assertThat(a.status()).isEqualTo(Status.RUNNING);
            assertThat(a.createdAt()).isEqualTo(T0);
            assertThat(new String(a.input(), StandardCharsets.UTF_8)).isEqualTo("{}");
            assertThat(store.steps("i1")).singleElement().satisfies(s -> assertThat(s.state())
                    .isEqualTo(StepState.RUNNING));
            assertThat(store.steps("i2")).isEmpty();
            assertThat(store.instance("i2")).isEmpty();
        }
    }

    /**
     * Whether two stores may be open on one database at once (PostgreSQL); an embedded store refuses the second
     * one with {@link WorkflowStoreLockedException}.
     *
     * @return {@code true} if a second store on the same database opens
     */
    protected boolean allowsTwoOpenStores() {
        return true;
    }

    @Test
    public void createInstance_fromManyThreadsAndTwoStores_withOneKey_storesOneInstance() throws Exception {
        if (!allowsTwoOpenStores()) {
            try (WorkflowStore one = openStore()) {
                WorkflowStore second = newStore();
                assertThatThrownBy(second::initialize).isInstanceOf(WorkflowStoreLockedException.class)
                        .hasMessageContaining("pid " + ProcessHandle.current().pid());
                second.close();
                assertThat(one.query(Query.all())).as("the first store is unaffected").isEmpty();
            }
        }
        try (WorkflowStore one = openStore(); WorkflowStore two = allowsTwoOpenStores() ? openStore() : one) {
            List<CompletableFuture<StoredInstance>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                WorkflowStore store = i % 2 == 0 ? one : two;
                futures.add(store.createInstance(instance("i" + i, "same"), List.of(started("i" + i, "s", 1))));
            }
            Set<String> ids = new HashSet<>();
            for (CompletableFuture<StoredInstance> f : futures) {
                ids.add(f.get(30, TimeUnit.SECONDS).id());
            }
            assertThat(ids).hasSize(1);
            assertThat(one.query(Query.idempotencyKey("same"))).hasSize(1);
            assertThat(two.history(ids.iterator().next())).hasSize(1);
        }
    }

    @Test
    public void checkpoint_fencesStaleAndDuplicateResults_soACompletionIsRecordedOnce() {
        try (WorkflowStore store = openStore()) {
            store.createInstance(instance("i", "k"), List.of(started("i", "s", 1))).join();
            store.checkpoint(List.of(completed("i", "s", 1, 1))).join();
            assertThatThrownBy(() -> store.checkpoint(List.of(completed("i", "s", 1, 2))).join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(WorkflowStoreException.class)
                    .hasMessageContaining("rejected");
            assertThatThrownBy(() -> store.checkpoint(List.of(started("i", "s", 2))).join())
                    .hasCauseInstanceOf(WorkflowStoreException.class)
                    .hasMessageContaining("already completed or a later attempt started");
            assertThat(store.history("i")).extracting(StepAttempt::outcome).containsExactly("COMPLETED");
            StoredStep s = store.steps("i").get(0);
            assertThat(s.completionSeq()).isEqualTo(1);
            assertThat(s.hasOutput()).isTrue();
            assertThat(store.output("i", "s")).hasValueSatisfying(o -> assertThat(new String(o,
                    StandardCharsets.UTF_8)).isEqualTo("1"));
            assertThat(store.output("i", "other")).isEmpty();
        }
    }

    @Test
    public void checkpoint_storesRetryDueTimeAndSelectedBranches_andReadsThemBack() {
        try (WorkflowStore store = openStore()) {
            store.createInstance(instance("i", "k"), List.of(started("i", "s", 1), started("i", "b", 1))).join();
            Instant due = T0.plus(Duration.ofHours(1));
            store.checkpoint(List.of(new Checkpoint.AttemptFinished("i", "s", AttemptKind.STEP, 1, T0, StepState.WAITING,
                    null, null, 0, due, "gateway down"))).join();
            store.checkpoint(List.of(new Checkpoint.AttemptFinished("i", "b", AttemptKind.STEP, 1, T0,
                    StepState.COMPLETED, null, List.of("left", "right"), 1, null, null),
                    new Checkpoint.AttemptFinished("i", "b", AttemptKind.STEP, 1, T0, StepState.COMPLETED, null,
                            List.of(), 1, null, null))).handle((v, e) -> e).join();
            // the second finish of the same attempt made the whole checkpoint fail: nothing of it is stored
            assertThat(store.steps("i")).filteredOn(s -> s.step().equals("b")).singleElement()
                    .satisfies(b -> assertThat(b.state()).isEqualTo(StepState.RUNNING));
            store.checkpoint(List.of(new Checkpoint.AttemptFinished("i", "b", AttemptKind.STEP, 1, T0,
                    StepState.COMPLETED, null, List.of("left", "right"), 1, null, null))).join();
            StoredStep s = store.steps("i").stream().filter(x -> x.step().equals("s")).findFirst().orElseThrow();
            assertThat(s.state()).isEqualTo(StepState.WAITING);
            assertThat(s.dueAt()).isEqualTo(due);
            assertThat(s.error()).isEqualTo("gateway down");
            StoredStep b = store.steps("i").stream().filter(x -> x.step().equals("b")).findFirst().orElseThrow();
            assertThat(b.selected()).containsExactly("left", "right");
            assertThat(b.hasOutput()).isFalse();
            assertThat(store.output("i", "b")).isEmpty();
        }
    }

    @Test
    public void groupCommit_rejectedCheckpointFailsAlone_andItsOtherChangesAreRolledBack() {
        try (WorkflowStore store = openStore()) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                store.createInstance(instance("i" + i, "k" + i), List.of()).join();
            }
            for (int i = 0; i < 50; i++) {
                String id = "i" + i;
                if (i == 25) { // a valid start followed by an invalid finish: both must be undone
                    futures.add(store.checkpoint(List.of(started(id, "s", 1), completed(id, "other", 1, 1))));
                } else {
                    futures.add(store.checkpoint(List.of(started(id, "s", 1))));
                }
            }
            for (int i = 0; i < 50; i++) {
                int n = i;
                if (i == 25) {
                    assertThatThrownBy(() -> futures.get(n).join()).hasCauseInstanceOf(WorkflowStoreException.class);
                    assertThat(store.steps("i25")).isEmpty();
                    assertThat(store.history("i25")).isEmpty();
                } else {
                    futures.get(i).join();
                    assertThat(store.steps("i" + i)).hasSize(1);
                }
            }
            store.checkpoint(List.of(new Checkpoint.StatusChanged("i0", Status.COMPLETED, null, T0))).join();
            assertThatThrownBy(() -> store.checkpoint(List.of(new Checkpoint.StatusChanged("i0", Status.FAILED, "x",
                    T0))).join()).hasMessageContaining("has already ended");
            assertThat(store.unfinishedInstances()).hasSize(49);
        }
    }

    @Test
    public void triggers_keepTheLatestFireTime() {
        try (WorkflowStore store = openStore()) {
            assertThat(store.lastTriggerFire("t")).isEmpty();
            store.recordTriggerFired("t", T0.plusSeconds(60)).join();
            store.recordTriggerFired("t", T0).join(); // an older fire never moves it back
            assertThat(store.lastTriggerFire("t")).contains(T0.plusSeconds(60));
        }
    }

    @Test
    public void initialize_twiceAndReopen_keepsTheData() {
        try (WorkflowStore store = openStore()) {
            store.initialize();
            store.createInstance(instance("i", "k"), List.of()).join();
        }
        try (WorkflowStore store = openStore()) {
            assertThat(store.instance("i")).isPresent();
            assertThat(store.unfinishedInstances()).extracting(StoredInstance::id).containsExactly("i");
        }
    }

    @Test
    public void close_failsLaterWrites_andIsIdempotent() {
        WorkflowStore store = openStore();
        store.close();
        store.close();
        assertThatThrownBy(() -> store.checkpoint(List.of(started("i", "s", 1))).join())
                .hasCauseInstanceOf(WorkflowStoreException.class).hasMessageContaining("is closed");
    }

    // ------------------------------------------------------------------ the engine on the store

    @Test
    public void engine_runsStepsInDagOrder_andReturnsOutputsAndHistory() {
        List<String> order = new CopyOnWriteArrayList<>();
        WorkflowDefinition<In> def = Workflow.define("dag", In.class)
                .step("a", ctx -> {
                    order.add("a");
                    return "a-" + ctx.input().v();
                })
                .step("b", ctx -> {
                    order.add("b");
                    return ctx.output("a", String.class) + "+b";
                }, s -> s.after("a"))
                .step("c", ctx -> {
                    order.add("c");
                    return 7;
                }, s -> s.after("a"))
                .step("d", ctx -> {
                    order.add("d");
                    return ctx.output("b", String.class) + ctx.output("c", Integer.class);
                }, s -> s.after("b", "c"))
                .build();
        try (WorkflowEngine engine = engine(def)) {
            WorkflowHandle h = engine.start("dag", new In("x"), "dag-1");
            InstanceInfo info = h.result(Duration.ofSeconds(10));
            assertThat(info.status()).isEqualTo(Status.COMPLETED);
            assertThat(order.get(0)).isEqualTo("a");
            assertThat(order.get(3)).isEqualTo("d");
            assertThat(h.output("d", String.class)).contains("a-x+b7");
            assertThat(h.history()).extracting(StepAttempt::outcome).containsOnly("COMPLETED").hasSize(4);
        }
    }

    @Test
    public void engine_startWithExistingKey_returnsTheExistingInstance_evenAfterRestart() {
        AtomicInteger runs = new AtomicInteger();
        WorkflowDefinition<In> def = Workflow.define("once", In.class).step("only", ctx -> runs.incrementAndGet())
                .build();
        String first;
        try (WorkflowEngine engine = engine(def)) {
            WorkflowHandle h = engine.start("once", new In("a"), "k-1");
            h.result(Duration.ofSeconds(10));
            first = h.id();
            assertThat(engine.start("once", new In("b"), "k-1").id()).isEqualTo(first);
        }
        try (WorkflowEngine engine = engine(def)) {
            WorkflowHandle again = engine.start("once", new In("c"), "k-1");
            assertThat(again.id()).isEqualTo(first);
            assertThat(again.result(Duration.ofSeconds(10)).status()).isEqualTo(Status.COMPLETED);
            assertThat(runs.get()).isEqualTo(1);
            assertThat(engine.query(Query.idempotencyKey("k-1"))).extracting(InstanceInfo::id).containsExactly(first);
        }
    }

    @Test
    public void engine_restart_resumesInstance_reusingCompletedOutputs_andRerunningTheUnfinishedStep() throws Exception {
        AtomicInteger firstRuns = new AtomicInteger();
        AtomicInteger secondRuns = new AtomicInteger();
        CountDownLatch blocked = new CountDownLatch(1);
        WorkflowDefinition<In> def = Workflow.define("resume", In.class)
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
        try (WorkflowEngine engine = engine(def)) {
            id = engine.start("resume", new In("x"), "key-1").id();
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
        }
        try (WorkflowEngine engine = engine(def)) {
            WorkflowHandle h = engine.instance(id).orElseThrow();
            assertThat(h.result(Duration.ofSeconds(10)).status()).isEqualTo(Status.COMPLETED);
            assertThat(firstRuns.get()).isEqualTo(1);
            assertThat(secondRuns.get()).isEqualTo(2);
            assertThat(h.output("second", String.class)).contains("out-1+second");
            List<StepAttempt> second = h.history().stream().filter(a -> a.step().equals("second")).toList();
            assertThat(second).extracting(StepAttempt::attempt).containsExactly(1, 2);
            assertThat(second.get(0).finishedAt()).isNull();
            assertThat(second.get(1).outcome()).isEqualTo("COMPLETED");
        }
    }

    @Test
    public void engine_durableTimer_survivesRestart_andFiresOnlyWhenTheClockReachesIt() {
        MutableClock clock = new MutableClock(T0);
        AtomicInteger calls = new AtomicInteger();
        WorkflowDefinition<In> def = Workflow.define("timer", In.class)
                .step("pay", ctx -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("gateway down");
                    }
                    return "paid";
                }, s -> s.retry(Retry.fixed(Duration.ofHours(1), 3)))
                .build();
        String id;
        try (WorkflowEngine engine = engine(clock, def)) {
            id = engine.start("timer", new In("x")).id();
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.history(id).stream()
                    .anyMatch(a -> "RETRY".equals(a.outcome())));
        }
        try (WorkflowStore store = openStore()) {
            StoredStep pay = store.steps(id).get(0);
            assertThat(pay.state()).isEqualTo(StepState.WAITING);
            assertThat(pay.dueAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        }
        // a probe whose retry timer falls due at 59 min: once it has fired, a poll has compared the clock with the
        // pay step's timer (due at 60 min) too, and left it alone
        AtomicInteger probeCalls = new AtomicInteger();
        WorkflowDefinition<In> probe = Workflow.define("probe", In.class)
                .step("tick", ctx -> {
                    if (probeCalls.incrementAndGet() == 1) {
                        throw new IllegalStateException("later");
                    }
                    return "ticked";
                }, s -> s.retry(Retry.fixed(Duration.ofMinutes(59), 2)))
                .build();
        try (WorkflowEngine engine = engine(clock, def, probe)) {
            WorkflowHandle p = engine.start("probe", new In("p"));
            await().atMost(Duration.ofSeconds(10)).until(() -> p.history().stream()
                    .anyMatch(a -> "RETRY".equals(a.outcome())));
            clock.advance(Duration.ofMinutes(59));
            assertThat(p.result(Duration.ofSeconds(10)).status()).isEqualTo(Status.COMPLETED);
            assertThat(calls.get()).as("the pay step's timer has not fired at 59 min").isEqualTo(1);
            clock.advance(Duration.ofMinutes(1));
            WorkflowHandle h = engine.instance(id).orElseThrow();
            assertThat(h.result(Duration.ofSeconds(10)).status()).isEqualTo(Status.COMPLETED);
            assertThat(calls.get()).isEqualTo(2);
            assertThat(h.history()).extracting(StepAttempt::outcome).containsExactly("RETRY", "COMPLETED");
            assertThat(h.history().get(1).startedAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        }
    }

    @Test
    public void engine_nonRetryableFailure_compensatesTheFailedStepThenCompletedStepsInReverseOrder() {
        List<String> log = new CopyOnWriteArrayList<>();
        WorkflowDefinition<In> def = Workflow.define("saga", In.class)
                .step("a", ctx -> log.add("a"), s -> s.compensateWith(c -> log.add("undo-a")))
                .step("b", ctx -> log.add("b"), s -> s.after("a").compensateWith(c -> log.add("undo-b")))
                .step("c", ctx -> {
                    log.add("c");
                    throw new NonRetryableException("card declined");
                }, s -> s.after("b").compensateWith(c -> log.add("undo-c")))
                .build();
        try (WorkflowEngine engine = engine(def)) {
            WorkflowHandle h = engine.start("saga", new In("x"));
            InstanceInfo info = h.result(Duration.ofSeconds(10));
            assertThat(info.status()).isEqualTo(Status.COMPENSATED);
            assertThat(info.error()).contains("step 'c' failed after 1 attempt", "card declined");
            assertThat(log).containsExactly("a", "b", "c", "undo-c", "undo-b", "undo-a");
            assertThat(h.history()).filteredOn(a -> a.kind() == AttemptKind.COMPENSATION)
                    .extracting(StepAttempt::step).containsExactly("c", "b", "a");
        }
    }

    @Test
    public void engine_cancellation_survivesRestart_andCompensatesOnce() throws Exception {
        AtomicInteger undo = new AtomicInteger();
        CountDownLatch blocked = new CountDownLatch(1);
        WorkflowDefinition<In> def = Workflow.define("cancel", In.class)
                .step("a", ctx -> "a", s -> s.compensateWith(c -> undo.incrementAndGet()))
                .step("wait", ctx -> {
                    blocked.countDown();
                    new CountDownLatch(1).await();
                    return null;
                }, s -> s.after("a"))
                .build();
        String id;
        try (WorkflowEngine engine = engine(def)) {
            WorkflowHandle h = engine.start("cancel", new In("x"));
            id = h.id();
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(h.cancel()).isTrue();
            assertThat(h.result(Duration.ofSeconds(10)).status()).isEqualTo(Status.CANCELLED);
        }
        try (WorkflowEngine engine = engine(def)) {
            assertThat(engine.instance(id).orElseThrow().info().status()).isEqualTo(Status.CANCELLED);
            assertThat(engine.history(id)).filteredOn(a -> a.kind() == AttemptKind.COMPENSATION).hasSize(1);
        }
        assertThat(undo.get()).isEqualTo(1);
    }

    @Test
    public void engine_query_filtersByStatusNameAndTime_withPaging() {
        WorkflowDefinition<In> good = Workflow.define("good", In.class).step("s", ctx -> 1).build();
        WorkflowDefinition<In> bad = Workflow.define("bad", In.class)
                .step("s", ctx -> {
                    throw new NonRetryableException("no");
                }).build();
        try (WorkflowEngine engine = engine(good, bad)) {
            Instant before = Instant.now().minusSeconds(1);
            for (int i = 0; i < 7; i++) {
                engine.start("good", new In("g" + i), "g" + i).result(Duration.ofSeconds(10));
            }
            for (int i = 0; i < 3; i++) {
                engine.start("bad", new In("b" + i), "b" + i).result(Duration.ofSeconds(10));
            }
            assertThat(engine.query(Query.status(Status.FAILED).name("bad"))).hasSize(3);
            assertThat(engine.query(Query.status(Status.COMPLETED))).hasSize(7);
            assertThat(engine.query(Query.all().name("good").since(before))).hasSize(7);
            assertThat(engine.query(Query.all().until(before))).isEmpty();
            // counted by the store agrees with listing, filters apply, limit and offset do not
            for (Query q : List.of(Query.all(), Query.all().name("bad"), Query.status(Status.COMPLETED).limit(2),
                    Query.all().until(before), Query.all().name("good").since(before).offset(5))) {
                Map<Status, Long> listed = new java.util.EnumMap<>(Status.class);
                for (InstanceInfo i : engine.query(q.offset(0).limit(Query.MAX_LIMIT))) {
                    listed.merge(i.status(), 1L, Long::sum);
                }
                assertThat(engine.countByStatus(q)).as(q.toString()).isEqualTo(listed);
            }
            assertThat(engine.countByStatus(Query.all())).containsOnly(Map.entry(Status.COMPLETED, 7L),
                    Map.entry(Status.FAILED, 3L));
            Query page = Query.all().name("good").limit(3);
            Set<String> seen = new HashSet<>();
            List<InstanceInfo> p1 = engine.query(page);
            List<InstanceInfo> p2 = engine.query(page.nextPage());
            List<InstanceInfo> p3 = engine.query(page.nextPage().nextPage());
            assertThat(p1).hasSize(3);
            assertThat(p2).hasSize(3);
            assertThat(p3).hasSize(1);
            p1.forEach(i -> seen.add(i.id()));
            p2.forEach(i -> seen.add(i.id()));
            p3.forEach(i -> seen.add(i.id()));
            assertThat(seen).hasSize(7);
        }
    }
}
