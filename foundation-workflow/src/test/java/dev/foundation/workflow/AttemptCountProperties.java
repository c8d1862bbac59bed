package dev.foundation.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foundation.workflow.spi.AttemptKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Issue 18, item 5: an attempt is recorded when its body starts, not when it is queued. Several instances share one
 * step thread (so most attempts wait in the queue), and the engine is stopped at random body starts and reopened;
 * in the end every step's recorded attempts equal the times its body started, numbered 1, 2, ... with no gap.
 */
class AttemptCountProperties {

    record In(int n) {
    }

    private Path dir;

    @BeforeProperty
    void createDir() throws IOException {
        dir = Files.createTempDirectory("wf-attempts");
    }

    @AfterProperty
    void deleteDir() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 25)
    void recordedAttempts_equalBodyStarts_acrossRestartsAtRandomPoints(
            @ForAll @IntRange(min = 2, max = 6) int instances,
            @ForAll @Size(max = 4) List<@IntRange(min = 1, max = 12) Integer> stopAfter,
            @ForAll boolean flakyCharge) throws Exception {
        Map<String, AtomicInteger> bodyStarts = new ConcurrentHashMap<>();
        AtomicInteger totalStarts = new AtomicInteger();
        AtomicInteger stopAt = new AtomicInteger(-1);
        AtomicReference<CountDownLatch> stopped = new AtomicReference<>(new CountDownLatch(1));
        StepFunction<In> body = ctx -> {
            int n = bodyStarts.computeIfAbsent(ctx.instanceId() + "/" + ctx.stepName(), k -> new AtomicInteger())
                    .incrementAndGet();
            if (totalStarts.incrementAndGet() == stopAt.get()) {
                stopped.get().countDown(); // the test stops the engine while this body runs
                Thread.sleep(Long.MAX_VALUE);
            }
            if (flakyCharge && ctx.stepName().equals("charge") && n == 1) {
                throw new IllegalStateException("declined once");
            }
            return ctx.stepName();
        };
        WorkflowDefinition<In> def = Workflow.define("attempts", In.class)
                .step("reserve", body)
                .step("charge", body, s -> s.after("reserve").retry(Retry.fixed(Duration.ofMillis(1), 10)))
                .step("email", body, s -> s.after("reserve"))
                .step("ship", body, s -> s.after("charge", "email"))
                .build();
        Path db = dir.resolve("wf-" + System.nanoTime() + ".db");
        List<Integer> stops = new ArrayList<>();
        int at = 0;
        for (int s : stopAfter) {
            at += s;
            stops.add(at);
        }
        List<String> ids = new ArrayList<>();
        for (int round = 0; round <= stops.size(); round++) {
            boolean last = round == stops.size();
            stopAt.set(last ? -1 : stops.get(round));
            CountDownLatch latch = new CountDownLatch(1);
            stopped.set(latch);
            try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db,
                    SqliteOptions.defaults().withSynchronous(SqliteOptions.Synchronous.NORMAL))).register(def)
                    .parallelism(1).timerPollInterval(Duration.ofMillis(5)).build()) {
                ids.clear();
                for (int i = 0; i < instances; i++) {
                    ids.add(engine.start("attempts", new In(i), "k-" + i).id());
                }
                if (last) {
                    for (String id : ids) {
                        assertThat(engine.instance(id).orElseThrow().result(Duration.ofSeconds(30)).status())
                                .isEqualTo(Status.COMPLETED);
                    }
                } else {
                    // the stop point is reached, or everything completed before it (stop points past the last body)
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() ->
                            latch.getCount() == 0 || ids.stream().allMatch(id -> engine.instance(id).orElseThrow()
                                    .info().status() == Status.COMPLETED));
                }
            } // close: the stopped body is interrupted, queued attempts never start
        }
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db)).register(def).build()) {
            for (String id : ids) {
                for (String step : List.of("reserve", "charge", "email", "ship")) {
                    List<Integer> numbers = engine.history(id).stream()
                            .filter(a -> a.kind() == AttemptKind.STEP && a.step().equals(step))
                            .map(StepAttempt::attempt).toList();
                    int started = bodyStarts.getOrDefault(id + "/" + step, new AtomicInteger()).get();
                    assertThat(numbers).as("attempts of %s in %s (bodies started %d)", step, id, started)
                            .hasSize(started);
                    for (int i = 0; i < numbers.size(); i++) {
                        assertThat(numbers.get(i)).isEqualTo(i + 1);
                    }
                }
            }
        }
    }
}
