package dev.foundation.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.workflow.internal.SqliteWorkflowStore;
import dev.foundation.workflow.spi.AttemptKind;
import dev.foundation.workflow.spi.StepState;
import dev.foundation.workflow.spi.StoredStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/** Random DAGs with random step failures and retry budgets, checked against a model. */
class WorkflowProperties {

    /** How one step behaves: it fails {@code failures} times (non-retryably if asked), then succeeds. */
    record StepSpec(List<Integer> after, int failures, boolean nonRetryable, int maxAttempts) {
        boolean failsPermanently() {
            return failures > 0 && (nonRetryable || failures >= maxAttempts);
        }

        int expectedAttempts() {
            if (!failsPermanently()) {
                return failures + 1;
            }
            return nonRetryable ? 1 : maxAttempts;
        }
    }

    record Input(int n) {}

    private Path dir;

    @BeforeProperty
    void createDir() throws IOException {
        dir = Files.createTempDirectory("wf-props");
    }

    @AfterProperty
    void deleteDir() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<List<StepSpec>> dags() {
        return Arbitraries.integers().between(1, 7).flatMap(n -> {
            List<Arbitrary<StepSpec>> steps = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Arbitrary<List<Integer>> preds = i == 0 ? Arbitraries.just(List.of())
                        : Arbitraries.integers().between(0, i - 1).set().ofMaxSize(Math.min(i, 3))
                        .map(s -> s.stream().sorted().toList());
                steps.add(Combinators.combine(preds,
                        Arbitraries.of(0, 0, 0, 0, 1, 1, 2, 3),
                        Arbitraries.integers().between(0, 9).map(x -> x == 0),
                        Arbitraries.integers().between(1, 3)).as(StepSpec::new));
            }
            return Combinators.combine(steps).as(l -> l);
        });
    }

    @Property(tries = 60)
    void execution_respectsDag_retryBudgets_andCompensatesAttemptedStepsInReverseOrder(
            @ForAll("dags") List<StepSpec> specs) throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        WorkflowDefinition.Builder<Input> b = Workflow.define("random", Input.class);
        for (int i = 0; i < specs.size(); i++) {
            StepSpec spec = specs.get(i);
            String name = "s" + i;
            b.step(name, ctx -> {
                events.add("start:" + name);
                int call = calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                if (call <= spec.failures()) {
                    if (spec.nonRetryable()) {
                        throw new NonRetryableException(name + " refuses");
                    }
                    throw new IllegalStateException(name + " flaky " + call);
                }
                events.add("done:" + name);
                return name;
            }, s -> s.after(spec.after().stream().map(p -> "s" + p).toArray(String[]::new))
                    .retry(Retry.fixed(Duration.ofMillis(1), spec.maxAttempts()))
                    .compensateWith(ctx -> events.add("undo:" + name)));
        }
        Path db = dir.resolve("wf-" + System.nanoTime() + ".db");
        String id;
        InstanceInfo info;
        List<StepAttempt> history;
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db,
                SqliteOptions.defaults().withSynchronous(SqliteOptions.Synchronous.NORMAL))).register(b.build())
                .timerPollInterval(Duration.ofMillis(5)).build()) {
            WorkflowHandle h = engine.start("random", new Input(1));
            id = h.id();
            info = h.result(Duration.ofSeconds(30));
            history = h.history();
        }
        Map<String, StoredStep> stored = new HashMap<>();
        try (SqliteWorkflowStore store = new SqliteWorkflowStore(db, SqliteOptions.defaults())) {
            store.initialize();
            store.steps(id).forEach(s -> stored.put(s.step(), s));
        }

        // 1. every step starts only after all its predecessors finished successfully
        for (int i = 0; i < specs.size(); i++) {
            int start = events.indexOf("start:s" + i);
            if (start < 0) {
                continue;
            }
            for (int p : specs.get(i).after()) {
                int done = events.indexOf("done:s" + p);
                assertThat(done).as("s%d started before its predecessor s%d completed: %s", i, p, events)
                        .isBetween(0, start);
            }
        }
        Set<String> completed = stored.values().stream().filter(s -> s.state() == StepState.COMPLETED)
                .map(StoredStep::step).collect(Collectors.toSet());
        // 2. retry budgets: a completed step took exactly failures + 1 attempts; a failed step never more than
        //    its budget (fewer if it failed while the instance was already failing: no retries then), and the
        //    step that made the instance fail used its whole budget
        boolean triggerFound = false;
        for (int i = 0; i < specs.size(); i++) {
            String name = "s" + i;
            StepSpec spec = specs.get(i);
            long attempts = history.stream().filter(a -> a.kind() == AttemptKind.STEP && a.step().equals(name))
                    .count();
            if (completed.contains(name)) {
                assertThat(spec.failsPermanently()).isFalse();
                assertThat(attempts).as("attempts of %s (%s)", name, spec).isEqualTo(spec.failures() + 1);
                for (int p : spec.after()) {
                    assertThat(completed).contains("s" + p);
                }
            } else if (stored.containsKey(name) && stored.get(name).state() == StepState.FAILED) {
                assertThat(attempts).as("attempts of %s (%s)", name, spec).isBetween(1L,
                        (long) spec.expectedAttempts());
                if (spec.failsPermanently() && attempts == spec.expectedAttempts()) {
                    triggerFound = true;
                }
            }
        }
        boolean anyFailure = specs.stream().anyMatch(StepSpec::failsPermanently);
        List<String> undone = events.stream().filter(e -> e.startsWith("undo:")).map(e -> e.substring(5)).toList();
        if (!anyFailure) {
            // 3a. no permanent failure: everything completes, nothing is compensated
            assertThat(info.status()).isEqualTo(Status.COMPLETED);
            assertThat(completed).hasSize(specs.size());
            assertThat(undone).isEmpty();
        } else {
            // 3b. a permanent failure: exactly the attempted steps are compensated (the default), those that did
            //     not complete first, then the completed ones, latest completion first
            Set<String> attempted = stored.values().stream().filter(s -> s.attempts() > 0).map(StoredStep::step)
                    .collect(Collectors.toSet());
            List<String> expectedCompleted = stored.values().stream().filter(s -> s.state() == StepState.COMPLETED)
                    .sorted(Comparator.comparingLong(StoredStep::completionSeq).reversed()).map(StoredStep::step)
                    .toList();
            int uncertain = attempted.size() - completed.size();
            assertThat(new HashSet<>(undone)).isEqualTo(attempted);
            assertThat(undone).hasSize(attempted.size());
            assertThat(undone.subList(uncertain, undone.size())).isEqualTo(expectedCompleted);
            assertThat(info.status()).isEqualTo(Status.COMPENSATED);
            assertThat(triggerFound).as("a permanently failing step used its whole budget").isTrue();
            assertThat(info.error()).contains("failed after");
        }
    }
}
