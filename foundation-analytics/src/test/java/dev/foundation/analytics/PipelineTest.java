package dev.foundation.analytics;

import dev.foundation.core.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelineTest {

    private static final Duration TICK = Duration.ofSeconds(1);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(1_000_000_000L);
    private final Analytics analytics = Analytics.builder(registry).clock(clock).resolution(TICK).build();

    @AfterEach
    void close() {
        analytics.close();
    }

    private void tick() {
        clock.advance(TICK);
        assertThat(analytics.tick()).isTrue();
    }

    @Test
    void counter_rateAndSum_overASlidingWindow() {
        Counter c = registry.counter("orders.placed", "shop", "eu");
        Pipeline p = analytics.pipeline("orders").select(MeterSelector.name("orders.*").tag("shop", "eu"))
                .window(Window.sliding(Duration.ofSeconds(4))).aggregates(Aggregate.SUM, Aggregate.RATE, Aggregate.MAX)
                .publishAs("orders.stats").start();
        tick(); // baseline
        for (int i = 1; i <= 6; i++) {
            c.increment(i);
            tick();
        }
        PipelineResult r = p.latest().get(0);
        assertThat(r.series()).isEqualTo(new Series("orders.placed", Map.of("shop", "eu")));
        assertThat(r.value(Aggregate.SUM)).isEqualTo(3 + 4 + 5 + 6);
        assertThat(r.value(Aggregate.RATE)).isEqualTo(18 / 4.0);
        assertThat(r.value(Aggregate.MAX)).isEqualTo(6);
        assertThat(r.windowEnd().minus(Duration.ofSeconds(4))).isEqualTo(r.windowStart());
        Gauge g = registry.find("orders.stats").tag("aggregate", "rate").tag("source", "orders.placed").tag("shop", "eu").gauge();
        assertThat(g).isNotNull();
        assertThat(g.value()).isEqualTo(4.5);
        assertThat(p.query(Aggregate.SUM, Duration.ofSeconds(2))).containsEntry(r.series(), 11.0);
    }

    @Test
    void timer_meanMaxAndPublishedPercentile() {
        Timer t = Timer.builder("checkout.duration").publishPercentiles(0.95).register(registry);
        Pipeline p = analytics.pipeline("latency").select(MeterSelector.name("checkout.duration"))
                .window(Window.sliding(Duration.ofSeconds(10))).aggregates(Aggregate.AVG, Aggregate.MAX, Aggregate.COUNT,
                        Aggregate.P95).start();
        tick();
        t.record(100, TimeUnit.MILLISECONDS);
        t.record(300, TimeUnit.MILLISECONDS);
        tick();
        PipelineResult r = p.latest().get(0);
        assertThat(r.value(Aggregate.COUNT)).isEqualTo(2);
        assertThat(r.value(Aggregate.AVG)).isCloseTo(0.2, offset(1e-9));
        assertThat(r.value(Aggregate.MAX)).isCloseTo(0.3, offset(1e-9));
        assertThat(r.value(Aggregate.P95)).isBetween(0.25, 0.35); // Micrometer's own estimate, in seconds
    }

    @Test
    void summary_withAHistogram_givesPercentilesFromItsBuckets() {
        DistributionSummary s = DistributionSummary.builder("payload.size").serviceLevelObjectives(10, 100, 1000)
                .register(registry);
        Pipeline p = analytics.pipeline("sizes").select(MeterSelector.name("payload.size"))
                .window(Window.sliding(Duration.ofSeconds(5))).aggregates(Aggregate.P50, Aggregate.AVG).start();
        tick();
        for (int i = 0; i < 10; i++) {
            s.record(i < 6 ? 5 : 500);
        }
        tick();
        PipelineResult r = p.latest().get(0);
        assertThat(r.value(Aggregate.P50)).isEqualTo(10); // the bucket holding the median: values <= 10
        assertThat(r.value(Aggregate.AVG)).isEqualTo((6 * 5 + 4 * 500) / 10.0);
    }

    @Test
    void gauge_percentilesAreNearestRankOverSamples_andSmoothingIsEwma() {
        AtomicReference<Double> level = new AtomicReference<>(0.0);
        Gauge.builder("queue.length", level, AtomicReference::get).register(registry);
        Pipeline p = analytics.pipeline("queue").select(MeterSelector.name("queue.length"))
                .window(Window.sliding(Duration.ofSeconds(10))).aggregates(Aggregate.P50, Aggregate.MIN, Aggregate.LAST)
                .smoothing(0.5).start();
        double[] samples = {4, 8, 1, 9, 6};
        for (double v : samples) {
            level.set(v);
            tick();
        }
        PipelineResult r = p.latest().get(0);
        assertThat(r.value(Aggregate.P50)).isEqualTo(6); // sorted 1 4 6 8 9, rank ceil(2.5) = 3
        assertThat(r.value(Aggregate.MIN)).isEqualTo(1);
        assertThat(r.value(Aggregate.LAST)).isEqualTo(6);
        double s = 4;
        for (int i = 1; i < samples.length; i++) {
            s = 0.5 * samples[i] + 0.5 * s;
        }
        assertThat(r.smoothedValue(Aggregate.LAST)).isCloseTo(s, offset(1e-9));
    }

    @Test
    void tumblingWindow_reportsEachSpanOnce_andNotOneThatBeganBeforeTheFirstTick() {
        Counter c = registry.counter("jobs");
        List<PipelineResult> results = new ArrayList<>();
        analytics.pipeline("jobs").select(MeterSelector.name("jobs")).window(Window.tumbling(Duration.ofSeconds(3)))
                .aggregates(Aggregate.SUM).onResult(results::add).start();
        for (int i = 0; i < 12; i++) {
            c.increment();
            tick();
        }
        assertThat(results).isNotEmpty();
        for (PipelineResult r : results) {
            assertThat(r.windowEnd().toEpochMilli() % 3000).isZero();
            assertThat(Duration.between(r.windowStart(), r.windowEnd())).isEqualTo(Duration.ofSeconds(3));
            assertThat(r.value(Aggregate.SUM)).isEqualTo(3);
        }
        assertThat(results.stream().map(PipelineResult::windowEnd).distinct().count()).isEqualTo(results.size());
    }

    @Test
    void meterRemoved_dropsItsSeriesAndOutputGauges() {
        Counter c = registry.counter("temp.counter");
        Pipeline p = analytics.pipeline("temp").select(MeterSelector.name("temp.*")).window(Window.sliding(TICK))
                .aggregates(Aggregate.SUM).publishAs("temp.out").start();
        tick();
        assertThat(registry.find("temp.out").gauges()).hasSize(1);
        registry.remove(c);
        tick();
        assertThat(p.latest()).isEmpty();
        assertThat(registry.find("temp.out").gauges()).isEmpty();
    }

    @Test
    void outputGauges_areNeverSelectedBackIntoAPipeline() {
        registry.counter("a.b");
        Pipeline wide = analytics.pipeline("wide").select(MeterSelector.name("**")).window(Window.sliding(TICK))
                .aggregates(Aggregate.SUM).publishAs("a.out").start();
        tick();
        tick();
        assertThat(wide.latest()).extracting(r -> r.series().name()).containsExactly("a.b");
    }

    @Test
    void close_removesEveryMeterOfTheEngine() {
        registry.counter("x");
        analytics.pipeline("x").select(MeterSelector.name("x")).window(Window.sliding(TICK)).aggregates(Aggregate.SUM)
                .publishAs("x.out").start();
        tick();
        analytics.close();
        analytics.close();
        assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).containsExactly("x");
        assertThatThrownBy(() -> analytics.pipeline("y").select(MeterSelector.name("x")).window(Window.sliding(TICK))
                .aggregates(Aggregate.SUM).start()).isInstanceOf(IllegalStateException.class).hasMessage("analytics is closed");
        assertThat(analytics.tick()).isFalse();
    }

    @Test
    void aSecondTickInTheSameInterval_doesNothing() {
        clock.advance(TICK);
        assertThat(analytics.tick()).isTrue();
        assertThat(analytics.tick()).isFalse();
    }

    @Test
    void badInput_isRejectedWithTheValueAndTheExpectation() {
        assertThatThrownBy(() -> analytics.pipeline("w").select(MeterSelector.name("x"))
                .window(Window.sliding(Duration.ofMillis(1500))).aggregates(Aggregate.SUM).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window PT1.5S must be a whole number of ticks of PT1S");
        assertThatThrownBy(() -> analytics.pipeline("../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> analytics.pipeline("n").select(MeterSelector.name("x")).window(Window.sliding(TICK)).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one aggregate");
        assertThatThrownBy(() -> analytics.pipeline("n").window(Window.sliding(TICK)).aggregates(Aggregate.SUM).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("select(...)");
        assertThatThrownBy(() -> Window.sliding(Duration.ZERO)).hasMessage("window size must be > 0 but was PT0S");
        assertThatThrownBy(() -> MeterSelector.name(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> analytics.pipeline("d").select(MeterSelector.name("x")).window(Window.sliding(TICK))
                .aggregates(Aggregate.SUM).detect(Aggregate.MAX, Detectors.threshold(0, 1), a -> { }).start())
                .hasMessageContaining("watches MAX but the pipeline computes only [SUM]");
        Pipeline p = analytics.pipeline("q").select(MeterSelector.name("x")).window(Window.sliding(TICK))
                .aggregates(Aggregate.SUM).start();
        assertThatThrownBy(() -> p.query(Aggregate.SUM, Duration.ofSeconds(5)))
                .hasMessageContaining("at most what pipeline 'q' retains (PT1S)");
        assertThatThrownBy(() -> analytics.pipeline("q").select(MeterSelector.name("x")).window(Window.sliding(TICK))
                .aggregates(Aggregate.SUM).start()).hasMessage("a pipeline named 'q' already exists");
    }

    @Test
    void selectorPatterns_starStaysInOneSegment_doubleStarCrossesThem() {
        MeterSelector one = MeterSelector.name("foundation.*.duration");
        assertThat(one.matches(registry.timer("foundation.cache.duration").getId())).isTrue();
        assertThat(one.matches(registry.timer("foundation.cache.load.duration").getId())).isFalse();
        assertThat(MeterSelector.name("foundation.**").matches(registry.timer("foundation.cache.load.duration").getId()))
                .isTrue();
        assertThat(MeterSelector.name("a+b").matches(registry.counter("aab").getId())).isFalse(); // no regex leaks
    }
}
