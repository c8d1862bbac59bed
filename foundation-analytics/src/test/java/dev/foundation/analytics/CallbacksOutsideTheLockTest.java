package dev.foundation.analytics;

import dev.foundation.core.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every kind of application code a tick calls may wait for another thread that reads the engine. The showcase's
 * status page deadlocked this way: its result listener took the page's lock while the page, holding that lock, asked
 * the engine for its firing alerts, and the engine called listeners under its own lock.
 */
class CallbacksOutsideTheLockTest {

    private static final Duration TICK = Duration.ofSeconds(1);

    /** Where the application's code runs during a tick. */
    enum Callback { RESULT, ANOMALY, ALERT, BUDGET_HOOK, BUDGET_LISTENER, POLICY_METRIC, POLICY_TARGET }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(2_000_000_000L);
    private final Analytics analytics = Analytics.builder(registry).clock(clock).resolution(TICK).build();
    private final ExecutorService other = Executors.newSingleThreadExecutor();
    private final Map<Callback, String> answered = new ConcurrentHashMap<>();

    @AfterEach
    void close() throws InterruptedException {
        analytics.close();
        other.shutdownNow();
        assertThat(other.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Called from inside a callback: another thread reads every part of the engine, within a deadline. */
    private void readFromAnotherThread(Callback where, Pipeline pipeline) {
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            List<AlertEvent> firing = analytics.firingAlerts();
            Map<String, Pipeline> pipelines = analytics.pipelines();
            List<PipelineResult> latest = pipeline.latest();
            Map<Series, Double> last = pipeline.query(Aggregate.LAST, TICK);
            return firing.size() + " firing, " + pipelines.keySet() + ", " + latest.size() + " latest, " + last.size()
                    + " series, shedding " + analytics.sheddingBudgets() + ", size " + analytics.currentSize("pool");
        }, other);
        try {
            answered.put(where, read.get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new AssertionError("a thread reading the engine did not answer while a " + where
                    + " callback waited for it", e);
        }
    }

    @ParameterizedTest
    @EnumSource(Callback.class)
    void aCallbackMayWaitForAThreadThatReadsTheEngine(Callback where) {
        AtomicReference<Double> level = new AtomicReference<>(0.0);
        Gauge.builder("level", level, AtomicReference::get).register(registry);
        AtomicReference<Pipeline> pipeline = new AtomicReference<>();
        PipelineBuilder b = analytics.pipeline("level").select(MeterSelector.name("level")).window(Window.sliding(TICK))
                .aggregates(Aggregate.LAST).retain(Duration.ofSeconds(10));
        if (where == Callback.RESULT) {
            b.onResult(r -> readFromAnotherThread(where, pipeline.get()));
        }
        b.detect(Aggregate.LAST, Detectors.threshold(-1, 10), a -> {
            if (where == Callback.ANOMALY) {
                readFromAnotherThread(where, pipeline.get());
            }
        });
        b.alert(AlertRule.builder("high").aggregate(Aggregate.LAST).above(10).build(), e -> {
            if (where == Callback.ALERT) {
                readFromAnotherThread(where, pipeline.get());
            }
        });
        pipeline.set(b.start());
        analytics.add(Budget.builder("budget", pipeline.get(), Aggregate.LAST).limit(10).onShed(() -> {
            if (where == Callback.BUDGET_HOOK) {
                readFromAnotherThread(where, pipeline.get());
            }
        }).listener(e -> {
            if (where == Callback.BUDGET_LISTENER) {
                readFromAnotherThread(where, pipeline.get());
            }
        }).build());
        analytics.add(ScalingPolicy.builder("pool").metric(() -> {
            if (where == Callback.POLICY_METRIC) {
                readFromAnotherThread(where, pipeline.get());
            }
            return level.get();
        }).scaleUpAbove(10).scaleDownBelow(1).min(1).max(4).cooldown(Duration.ZERO).target(n -> {
            if (where == Callback.POLICY_TARGET && n > 1) {
                readFromAnotherThread(where, pipeline.get());
            }
        }).build());

        level.set(50.0); // over everything: a result, an anomaly, a firing alert, a shedding budget, a scale-up
        clock.advance(TICK);
        assertThat(analytics.tick()).isTrue();
        clock.advance(TICK);
        assertThat(analytics.tick()).isTrue();

        assertThat(answered).containsKey(where);
        assertThat(analytics.firingAlerts()).hasSize(1);
        assertThat(analytics.sheddingBudgets()).containsExactly("budget");
        assertThat(analytics.currentSize("pool")).isGreaterThan(1);
    }
}
