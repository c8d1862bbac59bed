package dev.foundation.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.foundation.workflow.spi.AttemptKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowEngineTest {

    record Order(String id, int amount) {}

    record Receipt(String order, int charged) {}

    @TempDir
    Path dir;

    private WorkflowEngine engine(WorkflowDefinition<?>... defs) {
        WorkflowEngine.Builder b = WorkflowEngine.builder().store(WorkflowStores.sqlite(dir.resolve("wf.db")));
        for (WorkflowDefinition<?> d : defs) {
            b.register(d);
        }
        return b.build();
    }

    @Test
    void start_runsStepsInDagOrder_andPassesOutputsByName() {
        List<String> order = new CopyOnWriteArrayList<>();
        WorkflowDefinition<Order> def = Workflow.define("fulfil", Order.class)
                .step("reserve", ctx -> {
                    order.add("reserve");
                    return "r-" + ctx.input().id();
                })
                .step("charge", ctx -> {
                    order.add("charge");
                    return new Receipt(ctx.output("reserve", String.class), ctx.input().amount());
                }, s -> s.after("reserve"))
                .step("email", ctx -> {
                    order.add("email");
                    return null;
                }, s -> s.after("reserve"))
                .step("ship", ctx -> {
                    order.add("ship");
                    return ctx.output("charge", Receipt.class).charged() * 2;
                }, s -> s.after("charge", "email"))
                .build();
        try (WorkflowEngine engine = engine(def)) {
            WorkflowHandle h = engine.start("fulfil", new Order("o-1", 21), "order-1");
            InstanceInfo info = h.result(Duration.ofSeconds(10));
            assertThat(info.status()).isEqualTo(Status.COMPLETED);
            assertThat(info.version()).isEqualTo(1);
            assertThat(order.get(0)).isEqualTo("reserve");
            assertThat(order.get(3)).isEqualTo("ship");
            assertThat(order.subList(1, 3)).containsExactlyInAnyOrder("charge", "email");
            assertThat(h.output("charge", Receipt.class)).contains(new Receipt("r-o-1", 21));
            assertThat(h.output("ship", Integer.class)).contains(42);
            assertThat(h.output("email", String.class)).isEmpty();
            assertThat(h.history()).extracting(StepAttempt::outcome).containsOnly("COMPLETED").hasSize(4);
            assertThat(h.history()).allSatisfy(a -> assertThat(a.duration()).isNotNull());
        }
    }

    @Test
    void setParallelism_growsAndShrinksTheStepThreadsWhileRunning() throws Exception {
        AtomicInteger running = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        WorkflowDefinition<Order> def = Workflow.define("held", Order.class)
                .step("hold", ctx -> {
                    running.incrementAndGet();
                    release.await();
                    return null;
                }).build();
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(dir.resolve("wf.db")))
                .register(def).parallelism(1).build()) {
            assertThat(engine.parallelism()).isEqualTo(1);
            List<WorkflowHandle> handles = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                handles.add(engine.start("held", new Order("o-" + i, i), "held-" + i));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 1);
            // the other two bodies wait for a thread; growing to 3 starts them while the first still holds its own
            engine.setParallelism(3);
            assertThat(engine.parallelism()).isEqualTo(3);
            await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 3);
            engine.setParallelism(1);
            assertThat(engine.parallelism()).isEqualTo(1);
            release.countDown();
            for (WorkflowHandle h : handles) {
                assertThat(h.result(Duration.ofSeconds(10)).status()).isEqualTo(Status.COMPLETED);
            }
            // after shrinking, work still runs
            assertThat(engine.start("held", new Order("o-9", 9), "held-9").result(Duration.ofSeconds(10)).status())
                    .isEqualTo(Status.COMPLETED);
            assertThatThrownBy(() -> engine.setParallelism(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(">= 1");
        }
    }

    @Test
    void start_withExistingKey_returnsTheExistingInstance() {
        AtomicInteger runs = new AtomicInteger();
        WorkflowDefinition<Order> def = Workflow.define("once", Order.class)
                .step("only", ctx -> runs.incrementAndGet()).build();
        try (WorkflowEngine engine = engine(def)) {
            WorkflowHandle first = engine.start("once", new Order("o-1", 1), "k-1");
            first.result(Duration.ofSeconds(10));
            WorkflowHandle second = engine.start("once", new Order("o-2", 2), "k-1");
            assertThat(second.id()).isEqualTo(first.id());
            assertThat(second.result(Duration.ofSeconds(10)).status()).isEqualTo(Status.COMPLETED);
            assertThat(runs.get()).isEqualTo(1);
            assertThat(engine.query(Query.idempotencyKey("k-1"))).extracting(InstanceInfo::id)
                    .containsExactly(first.id());
        }
    }

    @Test
    void concurrentStarts_withTheSameKey_createOneInstance() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        WorkflowDefinition<Order> def = Workflow.define("race", Order.class)
                .step("only", ctx -> runs.incrementAndGet()).build();
        try (WorkflowEngine engine = engine(def)) {
            List<java.util.concurrent.CompletableFuture<WorkflowHandle>> starts = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                starts.add(engine.startAsync("race", new Order("o", i), "same-key"));
            }
            Set<String> ids = starts.stream().map(f -> f.join().id()).collect(Collectors.toSet());
            assertThat(ids).hasSize(1);
            engine.instance(ids.iterator().next()).orElseThrow().result(Duration.ofSeconds(10));
            assertThat(runs.get()).isEqualTo(1);
            assertThat(engine.query(Query.all())).hasSize(1);
        }
    }

    @Test
    void branch_runsOnlyChosenSuccessors_andJoinRunsAfterSkippedBranch() {
        List<String> ran = new CopyOnWriteArrayList<>();
        WorkflowDefinition<Order> def = Workflow.define("route", Order.class)
                .step("check", ctx -> ctx.input().amount() > 100 ? Branch.to("express").withOutput("big")
                        : Branch.to("standard").withOutput("small"))
                .step("express", ctx -> ran.add("express"), s -> s.after("check"))
                .step("standard", ctx -> ran.add("standard"), s -> s.after("check"))
                .step("afterExpress", ctx -> ran.add("afterExpress"), s -> s.after("express"))
                .step("notify", ctx -> {
                    ran.add("notify:" + ctx.output("check", String.class));
                    return null;
                }, s -> s.after("express", "standard"))
                .build();
        try (WorkflowEngine engine = engine(def)) {
            assertThat(engine.start("route", new Order("a", 5), "a").result(Duration.ofSeconds(10)).status())
                    .isEqualTo(Status.COMPLETED);
            assertThat(ran).containsExactly("standard", "notify:small");
            ran.clear();
            assertThat(engine.start("route", new Order("b", 500), "b").result(Duration.ofSeconds(10)).status())
                    .isEqualTo(Status.COMPLETED);
            assertThat(ran).containsExactlyInAnyOrder("express", "afterExpress", "notify:big");
        }
    }

    @Test
    void branch_toANonSuccessor_failsTheInstanceWithAClearError() {
        WorkflowDefinition<Order> def = Workflow.define("badroute", Order.class)
                .step("check", ctx -> Branch.to("nowhere"))
                .step("next", ctx -> null, s -> s.after("check"))
                .build();
        try (WorkflowEngine engine = engine(def)) {
            InstanceInfo info = engine.start("badroute", new Order("a", 1)).result(Duration.ofSeconds(10));
            assertThat(info.status()).isEqualTo(Status.FAILED);
            assertThat(info.error()).contains("chose 'nowhere'", "not one of its direct successors");
        }
    }

    @Test
    void retry_retriesAFlakyStep_andRecordsEveryAttempt() {
        AtomicInteger calls = new AtomicInteger();
        WorkflowDefinition<Order> def = Workflow.define("flaky", Order.class)
                .step("pay", ctx -> {
                    if (calls.incrementAndGet() < 3) {
                        throw new IllegalStateException("gateway busy " + ctx.attempt());
                    }
                    return "paid";
                }, s -> s.retry(Retry.exponential(Duration.ofMillis(1), 2.0, 5)))
                .build();
        try (WorkflowEngine engine = engine(def)) {
            WorkflowHandle h = engine.start("flaky", new Order("o", 1));
            assertThat(h.result(Duration.ofSeconds(10)).status()).isEqualTo(Status.COMPLETED);
            List<StepAttempt> history = h.history();
            assertThat(history).extracting(StepAttempt::outcome).containsExactly("RETRY", "RETRY", "COMPLETED");
            assertThat(history).extracting(StepAttempt::attempt).containsExactly(1, 2, 3);
            assertThat(history.get(0).error()).contains("IllegalStateException", "gateway busy 1");
        }
    }

    @Test
    void nonRetryable_failsAtOnce_andCompensatesTheFailedStepThenCompletedStepsInReverseOrder() {
        List<String> log = new CopyOnWriteArrayList<>();
        WorkflowDefinition<Order> def = Workflow.define("saga", Order.class)
                .step("a", ctx -> log.add("a"), s -> s.compensateWith(c -> log.add("undo-a:" + c.idempotencyKey()
                        .endsWith(":a:compensate"))))
                .step("b", ctx -> log.add("b"), s -> s.after("a").compensateWith(c -> log.add("undo-b")))
                .step("c", ctx -> {
                    log.add("c");
                    throw new NonRetryableException("card declined");
                }, s -> s.after("b").retry(Retry.fixed(Duration.ofMillis(1), 5)).compensateWith(c -> log.add("undo-c")))
                .build();
        try (WorkflowEngine engine = engine(def)) {
            WorkflowHandle h = engine.start("saga", new Order("o", 1));
            InstanceInfo info = h.result(Duration.ofSeconds(10));
            assertThat(info.status()).isEqualTo(Status.COMPENSATED);
            assertThat(info.error()).contains("step 'c' failed after 1 attempt", "card declined");
            assertThat(log).containsExactly("a", "b", "c", "undo-c", "undo-b", "undo-a:true");
            assertThat(h.history()).filteredOn(a -> a.kind() == AttemptKind.COMPENSATION)
                    .extracting(StepAttempt::step).containsExactly("c", "b", "a");
        }
    }

    @Test
    void compensationThatKeepsFailing_endsFailedWithTheCompensationError() {
        WorkflowDefinition<Order> def = Workflow.define("badundo", Order.class)
                .step("a", ctx -> "x", s -> s.retry(Retry.fixed(Duration.ofMillis(1), 2)).compensateWith(c -> {
                    throw new IllegalStateException("undo impossible");
                }))
                .step("b", ctx -> {
                    throw new NonRetryableException("boom");
                }, s -> s.after("a"))
                .build();
        try (WorkflowEngine engine = engine(def)) {
            WorkflowHandle h = engine.start("badundo", new Order("o", 1));
            InstanceInfo info = h.result(Duration.ofSeconds(10));
            assertThat(info.status()).isEqualTo(Status.FAILED);
            assertThat(info.error()).contains("boom", "compensation of step 'a' failed", "undo impossible");
            assertThat(h.history()).filteredOn(a -> a.kind() == AttemptKind.COMPENSATION).hasSize(2);
        }
    }

    @Test
    void compensation_isRetriedWithItsOwnPolicy_untilItSucceeds() {
        AtomicInteger undoCalls = new AtomicInteger();
        WorkflowDefinition<Order> def = Workflow.define("retryundo", Order.class)
                .step("a", ctx -> "x", s -> s.compensateWith(c -> {
                    if (undoCalls.incrementAndGet() < 3) {
                        throw new IllegalStateException("inventory service busy");
                    }
                }, Retry.fixed(Duration.ofMillis(1), 3)))
                .step("b", ctx -> {
                    throw new NonRetryableException("boom");
                }, s -> s.after("a"))
                .build();
        try (WorkflowEngine engine = engine(def)) {
            WorkflowHandle h = engine.start("retryundo", new Order("o", 1));
            assertThat(h.result(Duration.ofSeconds(10)).status()).isEqualTo(Status.COMPENSATED);
            assertThat(h.history()).filteredOn(a -> a.kind() == AttemptKind.COMPENSATION)
                    .extracting(StepAttempt::outcome).containsExactly("RETRY", "RETRY", "COMPLETED");
        }
    }

    /** A payment gateway: charges by idempotency key, and refunds by it. */
    static final class Gateway {
        final Map<String, Integer> charged = new ConcurrentHashMap<>();
        final List<String> refunds = new CopyOnWriteArrayList<>();

        void refund(String key) {
            if (charged.remove(key) != null) {
                refunds.add(key);
            }
        }
    }

    private static WorkflowDefinition<Order> chargeThatTimesOut(Gateway gateway, CompensateWhen when,
                                                                AtomicInteger attempts) {
        return Workflow.define("charge-" + when, Order.class)
                .step("reserve", ctx -> "r", s -> s.compensateWith(c -> gateway.refunds.add("release")))
                .step("charge", ctx -> {
                    attempts.incrementAndGet();
                    gateway.charged.put(ctx.idempotencyKey(), ctx.input().amount()); // the effect happens...
                    new CountDownLatch(1).await(); // ...then the answer never comes: the attempt times out
                    return "paid";
                }, s -> s.after("reserve").timeout(Duration.ofMillis(100)).retry(Retry.fixed(Duration.ofMillis(1), 2))
                        .compensateWhen(when)
                        .compensateWith(c -> {
                            assertThat(c.findOutput("charge", dev.foundation.core.Codecs.json(String.class)))
                                    .isEmpty();
                            gateway.refund(c.stepIdempotencyKey());
                        }))
                .build();
    }

    @Test
    void aStepThatHadItsEffect_thenTimedOutAndFailedForGood_isCompensatedByDefault() {
        Gateway gateway = new Gateway();
        AtomicInteger attempts = new AtomicInteger();
        try (WorkflowEngine engine = engine(chargeThatTimesOut(gateway, CompensateWhen.ATTEMPTED, attempts))) {
            WorkflowHandle h = engine.start("charge-ATTEMPTED", new Order("o", 42));
            InstanceInfo info = h.result(Duration.ofSeconds(10));
            assertThat(info.status()).isEqualTo(Status.COMPENSATED);
            assertThat(info.error()).contains("step 'charge' failed after 2 attempts", "timed out");
            assertThat(attempts.get()).isEqualTo(2);
            assertThat(gateway.charged).as("the charge was refunded").isEmpty();
            assertThat(gateway.refunds).containsExactly(h.id() + ":charge", "release");
            assertThat(h.history()).extracting(a -> a.kind() + " " + a.step() + " " + a.outcome()).containsExactly(
                    "STEP reserve COMPLETED", "STEP charge RETRY", "STEP charge FAILED",
                    "COMPENSATION charge COMPLETED", "COMPENSATION reserve COMPLETED");
        }
    }

    @Test
    void compensateWhenCompleted_leavesAStepThatDidNotComplete_uncompensated() {
        Gateway gateway = new Gateway();
        AtomicInteger attempts = new AtomicInteger();
        try (WorkflowEngine engine = engine(chargeThatTimesOut(gateway, CompensateWhen.COMPLETED, attempts))) {
            WorkflowHandle h = engine.start("charge-COMPLETED", new Order("o", 42));
            assertThat(h.result(Duration.ofSeconds(10)).status()).isEqualTo(Status.COMPENSATED);
            assertThat(gateway.charged).as("opted out: the charge stays").hasSize(1);
            assertThat(gateway.refunds).containsExactly("release");
        }
    }

    @Test
    void stepTimeout_interruptsTheAttempt_andRetries() {
        AtomicInteger calls = new AtomicInteger();
        WorkflowDefinition<Order> def = Workflow.define("slow", Order.class)
                .step("s", ctx -> {
                    if (calls.incrementAndGet() == 1) {
                        new CountDownLatch(1).await(); // blocks until interrupted by the timeout
                    }
                    return "done";
                }, s -> s.timeout(Duration.ofMillis(200)).retry(Retry.fixed(Duration.ofMillis(1), 2)))
                .build();
        try (WorkflowEngine engine = engine(def)) {
            WorkflowHandle h = engine.start("slow", new Order("o", 1));
            assertThat(h.result(Duration.ofSeconds(10)).status()).isEqualTo(Status.COMPLETED);
            assertThat(h.history().get(0).error()).contains("StepTimeoutException", "timed out after PT0.2S");
        }
    }

    @Test
    void workflowTimeout_interruptsRunningStep_andCompensates() {
        List<String> log = new CopyOnWriteArrayList<>();
        WorkflowDefinition<Order> def = Workflow.define("deadline", Order.class).timeout(Duration.ofMillis(300))
                .step("a", ctx -> log.add("a"), s -> s.compensateWith(c -> log.add("undo-a")))
                .step("wait", ctx -> {
                    new CountDownLatch(1).await();
                    return null;
                }, s -> s.after("a"))
                .build();
        try (WorkflowEngine engine = engine(def)) {
            InstanceInfo info = engine.start("deadline", new Order("o", 1)).result(Duration.ofSeconds(10));
            assertThat(info.status()).isEqualTo(Status.COMPENSATED);
            assertThat(info.error()).contains("timed out");
            assertThat(log).containsExactly("a", "undo-a");
        }
    }

    @Test
    void cancel_interruptsAndCompensates_endingCancelled() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch blocked = new CountDownLatch(1);
        WorkflowDefinition<Order> def = Workflow.define("cancellable", Order.class)
                .step("a", ctx -> log.add("a"), s -> s.compensateWith(c -> log.add("undo-a")))
                .step("block", ctx -> {
                    blocked.countDown();
                    new CountDownLatch(1).await();
                    return null;
                }, s -> s.after("a").compensateWith(c -> log.add("undo-block")))
                .build();
        try (WorkflowEngine engine = engine(def)) {
            WorkflowHandle h = engine.start("cancellable", new Order("o", 1));
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(h.cancel()).isTrue();
            InstanceInfo info = h.result(Duration.ofSeconds(10));
            assertThat(info.status()).isEqualTo(Status.CANCELLED);
            assertThat(log).as("the interrupted step was attempted: it is compensated first")
                    .containsExactly("a", "undo-block", "undo-a");
            assertThat(h.cancel()).isFalse();
        }
    }

    @Test
    void anErrorInAStep_isThatAttemptsFailure_soTheInstanceRetriesOrEnds_neverStaysRunning() {
        AtomicInteger calls = new AtomicInteger();
        WorkflowDefinition<Order> flaky = Workflow.define("error-then-ok", Order.class)
                .step("s", ctx -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new OutOfMemoryError("simulated");
                    }
                    return "ok";
                }, s -> s.retry(Retry.fixed(Duration.ofMillis(10), 2)))
                .build();
        WorkflowDefinition<Order> assertion = Workflow.define("assertion", Order.class)
                .step("check", ctx -> {
                    throw new AssertionError("an Error that is not a VirtualMachineError");
                })
                .build();
        // (a real OutOfMemoryError, from the JVM, is ResumeMemoryIT's: here it would dump this JVM's heap)
        try (WorkflowEngine engine = engine(flaky, assertion)) {
            WorkflowHandle ok = engine.start("error-then-ok", new Order("o", 1));
            assertThat(ok.result(Duration.ofSeconds(10)).status()).isEqualTo(Status.COMPLETED);
            assertThat(ok.history()).extracting(StepAttempt::outcome).containsExactly("RETRY", "COMPLETED");
            assertThat(ok.history().get(0).error()).contains("java.lang.OutOfMemoryError: simulated");

            InstanceInfo failed = engine.start("assertion", new Order("o", 1)).result(Duration.ofSeconds(10));
            assertThat(failed.status()).isEqualTo(Status.FAILED);
            assertThat(failed.error()).contains("AssertionError");
            assertThat(engine.inFlight()).isZero();
            assertThat(engine.start("error-then-ok", new Order("o", 2)).result(Duration.ofSeconds(10)).status())
                    .as("the engine keeps working").isEqualTo(Status.COMPLETED);
        }
    }

    @Test
    void unencodableOutput_failsThatInstanceWithAClearError_andEngineKeepsWorking() {
        WorkflowDefinition<Order> def = Workflow.define("badout", Order.class)
                .step("bad", ctx -> new Object()).build();
        WorkflowDefinition<Order> ok = Workflow.define("ok", Order.class).step("fine", ctx -> 1).build();
        try (WorkflowEngine engine = engine(def, ok)) {
            InstanceInfo info = engine.start("badout", new Order("o", 1)).result(Duration.ofSeconds(10));
            assertThat(info.status()).isEqualTo(Status.FAILED);
            assertThat(info.error()).contains("returned a value that cannot be encoded", "java.lang.Object");
            assertThat(engine.start("ok", new Order("o", 1)).result(Duration.ofSeconds(10)).status())
                    .isEqualTo(Status.COMPLETED);
        }
    }

    @Test
    void start_withNullInput_isRejectedClearly_andStoresNothing() {
        WorkflowDefinition<Order> def = Workflow.define("needs-input", Order.class).step("s", ctx -> 1).build();
        try (WorkflowEngine engine = engine(def)) {
            assertThatThrownBy(() -> engine.start("needs-input", null, "k-null"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("input must not be null but was null for workflow 'needs-input'")
                    .hasMessageContaining("k-null");
            assertThatThrownBy(() -> engine.startAsync("needs-input", null, "k-null"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(engine.query(Query.all())).isEmpty();
        }
    }

    @Test
    void start_rejectsUnknownWorkflow_andWrongInputType() {
        WorkflowDefinition<Order> def = Workflow.define("known", Order.class).step("s", ctx -> 1).build();
        try (WorkflowEngine engine = engine(def)) {
            assertThatThrownBy(() -> engine.start("unknown", new Order("o", 1)))
                    .isInstanceOf(UnknownWorkflowException.class).hasMessageContaining("'unknown'")
                    .hasMessageContaining("[known]");
            assertThatThrownBy(() -> engine.start("known", "not an order"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workflow 'known'");
            assertThat(engine.query(Query.all())).isEmpty();
        }
    }

    @Test
    void query_filtersByStatusNameAndTime_withPaging() {
        WorkflowDefinition<Order> good = Workflow.define("good", Order.class).step("s", ctx -> 1).build();
        WorkflowDefinition<Order> bad = Workflow.define("bad", Order.class)
                .step("s", ctx -> {
                    throw new NonRetryableException("no");
                }).build();
        try (WorkflowEngine engine = engine(good, bad)) {
            Instant before = Instant.now().minusSeconds(1);
            for (int i = 0; i < 7; i++) {
                engine.start("good", new Order("g" + i, i), "g" + i).result(Duration.ofSeconds(10));
            }
            for (int i = 0; i < 3; i++) {
                engine.start("bad", new Order("b" + i, i), "b" + i).result(Duration.ofSeconds(10));
            }
            assertThat(engine.query(Query.status(Status.FAILED).name("bad"))).hasSize(3);
            assertThat(engine.query(Query.all().name("good").since(before))).hasSize(7);
            assertThat(engine.query(Query.all().until(before))).isEmpty();
            Query page = Query.all().name("good").limit(3);
            Set<String> seen = new java.util.HashSet<>();
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

    @Test
    void metrics_countInstancesAndAttempts() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WorkflowDefinition<Order> def = Workflow.define("metered", Order.class)
                .step("a", ctx -> 1).step("b", ctx -> 2, s -> s.after("a")).build();
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(dir.resolve("m.db")))
                .register(def).meterRegistry(registry).build()) {
            for (int i = 0; i < 3; i++) {
                engine.start("metered", new Order("o", i)).result(Duration.ofSeconds(10));
            }
            assertThat(registry.get("foundation.workflow.instances.started").tag("workflow", "metered").counter()
                    .count()).isEqualTo(3.0);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry
                    .get("foundation.workflow.instances.ended").tag("status", "completed").counter().count())
                    .isEqualTo(3.0));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry
                    .get("foundation.workflow.step.duration").tag("step", "b").timer().count()).isEqualTo(3));
            assertThat(registry.get("foundation.workflow.instances.inflight").gauge().value()).isZero();
        }
    }

    @Test
    void close_stopsEveryEngineThread_andIsIdempotent() {
        Set<String> before = threadNames();
        WorkflowDefinition<Order> def = Workflow.define("t", Order.class).step("s", ctx -> 1).build();
        WorkflowEngine engine = engine(def);
        engine.start("t", new Order("o", 1)).result(Duration.ofSeconds(10));
        engine.close();
        engine.close();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(threadNames().stream()
                .filter(n -> n.startsWith("foundation-workflow")).filter(n -> !before.contains(n))).isEmpty());
        assertThatThrownBy(() -> engine.start("t", new Order("o", 1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void parallelSteps_runConcurrently() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        Map<String, Boolean> sawOther = new ConcurrentHashMap<>();
        WorkflowDefinition<Order> def = Workflow.define("par", Order.class)
                .step("left", ctx -> {
                    both.countDown();
                    sawOther.put("left", both.await(5, TimeUnit.SECONDS));
                    return null;
                })
                .step("right", ctx -> {
                    both.countDown();
                    sawOther.put("right", both.await(5, TimeUnit.SECONDS));
                    return null;
                })
                .build();
        try (WorkflowEngine engine = engine(def)) {
            assertThat(engine.start("par", new Order("o", 1)).result(Duration.ofSeconds(10)).status())
                    .isEqualTo(Status.COMPLETED);
            assertThat(sawOther).containsEntry("left", true).containsEntry("right", true);
        }
    }

    @Test
    void typedStart_runsThatDefinitionsVersion_andRefusesOneThatIsNotRegistered() {
        WorkflowDefinition<Order> v1 = Workflow.define("typed", Order.class).version(1)
                .step("s", ctx -> "v1-" + ctx.input().id()).build();
        WorkflowDefinition<Order> v2 = Workflow.define("typed", Order.class).version(2)
                .step("s", ctx -> "v2-" + ctx.input().id()).build();
        WorkflowDefinition<Order> v3 = Workflow.define("typed", Order.class).version(3)
                .step("s", ctx -> "v3").build();
        WorkflowDefinition<Order> otherV1 = Workflow.define("typed", Order.class).version(1)
                .step("other", ctx -> "x").build();
        try (WorkflowEngine engine = engine(v1, v2)) {
            WorkflowHandle h = engine.start(v1, new Order("o-1", 1), "typed-1");
            assertThat(h.result(Duration.ofSeconds(10)).version()).isEqualTo(1);
            assertThat(h.output("s", String.class)).contains("v1-o-1");
            assertThat(engine.start(v1, new Order("o-2", 2), "typed-1").id()).isEqualTo(h.id());
            assertThat(engine.start("typed", new Order("o-3", 3), "typed-3").result(Duration.ofSeconds(10))
                    .version()).as("the string form starts the newest version").isEqualTo(2);
            assertThatThrownBy(() -> engine.start(v3, new Order("o", 1), "k3"))
                    .isInstanceOf(UnknownWorkflowException.class).hasMessageContaining("version 3");
            assertThatThrownBy(() -> engine.start(otherV1, new Order("o", 1), "k4"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steps differ");
            assertThatThrownBy(() -> engine.start(v1, null, "k5")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Stores a String reversed, so a test can tell the step's codec from JSON. */
    private static final dev.foundation.core.Codec<String> REVERSED = new dev.foundation.core.Codec<>() {
        @Override
        public byte[] encode(String value) {
            return new StringBuilder(value).reverse().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
            return new StringBuilder(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).reverse().toString();
        }

        @Override
        public String name() {
            return "reversed";
        }
    };

    @Test
    void stepOutputCodec_storesTheOutputWithIt_andLaterStepsAndHandlesReadItBack() throws Exception {
        WorkflowDefinition<Order> def = Workflow.define("codec", Order.class)
                .step("name", ctx -> "order-" + ctx.input().id(), s -> s.outputCodec(REVERSED))
                .step("greet", ctx -> "hello " + ctx.output("name", String.class), s -> s.after("name"))
                .step("wrong", ctx -> 42, s -> s.after("greet").outputCodec(REVERSED))
                .build();
        try (WorkflowEngine engine = engine(def)) {
            WorkflowHandle h = engine.start(def, new Order("7", 1), "codec-1");
            assertThat(h.result(Duration.ofSeconds(10)).status()).isNotEqualTo(Status.COMPLETED);
            assertThat(h.output("name", String.class)).contains("order-7");
            assertThat(h.output("greet", String.class)).contains("hello order-7");
            assertThat(h.history()).filteredOn(a -> a.step().equals("wrong")).singleElement()
                    .satisfies(a -> assertThat(a.error()).contains("cannot be encoded"));
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("wf.db"));
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT output FROM wf_step WHERE step = 'name'")) {
            assertThat(rs.next()).isTrue();
            assertThat(new String(rs.getBytes(1), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("7-redro");
        }
    }

    static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
    }
}
