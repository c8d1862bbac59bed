package dev.foundation.analytics;

import dev.foundation.core.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A scaling policy driven by an engine with a fake clock over random metric series: it never leaves [min, max],
 * never changes twice within its cooldown, changes nothing while the metric stays between its marks, and moves
 * only in the direction the metric asks for.
 */
class ScalingPolicyProperties {

    @Property(tries = 300)
    void noFlapping_noOutOfBounds_andOnlyTheDirectionTheMetricAsks(
            @ForAll("metrics") List<Double> metric,
            @ForAll @IntRange(min = 0, max = 5) int min,
            @ForAll @IntRange(min = 0, max = 20) int extra,
            @ForAll @IntRange(min = 0, max = 8) int cooldownTicks) {
        int max = Math.max(1, min + extra);
        MutableClock clock = new MutableClock(3_000_000_000L);
        List<long[]> changes = new ArrayList<>(); // {time, size}
        AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
        try (Analytics analytics = Analytics.builder(new SimpleMeterRegistry()).clock(clock)
                .resolution(Duration.ofSeconds(1)).build()) {
            analytics.add(ScalingPolicy.builder("pool").metric(value::get).scaleUpAbove(100).scaleDownBelow(10)
                    .min(min).max(max).cooldown(Duration.ofSeconds(cooldownTicks))
                    .target(n -> changes.add(new long[] {clock.millis(), n})).build());
            assertThat(changes).hasSize(1);
            assertThat(changes.get(0)[1]).isEqualTo(min);
            for (double m : metric) {
                value.set(m);
                clock.advance(Duration.ofSeconds(1));
                int before = analytics.currentSize("pool");
                int told = changes.size();
                analytics.tick();
                int after = analytics.currentSize("pool");
                assertThat(after).isBetween(min, max);
                if (after != before) {
                    assertThat(changes).hasSize(told + 1);
                    assertThat(after > before ? m > 100 : m < 10).as("moved %d -> %d on %s", before, after, m).isTrue();
                } else {
                    assertThat(changes).hasSize(told);
                }
                if (m >= 10 && m <= 100) {
                    assertThat(after).as("inside the marks nothing changes").isEqualTo(before);
                }
            }
        }
        for (int i = 2; i < changes.size(); i++) {
            assertThat(changes.get(i)[0] - changes.get(i - 1)[0]).as("cooldown between changes")
                    .isGreaterThanOrEqualTo(cooldownTicks * 1000L);
        }
    }

    @Example
    void aSustainedHighMetric_scalesUpOneStepPerCooldown_untilMax() {
        MutableClock clock = new MutableClock(3_000_000_000L);
        List<Integer> sizes = new ArrayList<>();
        try (Analytics analytics = Analytics.builder(new SimpleMeterRegistry()).clock(clock)
                .resolution(Duration.ofSeconds(1)).build()) {
            analytics.add(ScalingPolicy.builder("pool").metric(() -> 500).scaleUpAbove(100).scaleDownBelow(10).min(2)
                    .max(6).steps(2, 1).cooldown(Duration.ofSeconds(3)).target(sizes::add).build());
            for (int i = 0; i < 20; i++) {
                clock.advance(Duration.ofSeconds(1));
                analytics.tick();
            }
        }
        assertThat(sizes).containsExactly(2, 4, 6);
    }

    @Example
    void contradictoryPolicies_areRejected() {
        assertThatThrownBy(() -> ScalingPolicy.builder("p").metric(() -> 0).target(n -> { }).scaleUpAbove(10)
                .scaleDownBelow(10).build()).hasMessageContaining("scaleDownBelow (10.0) must be below scaleUpAbove (10.0)");
        assertThatThrownBy(() -> ScalingPolicy.builder("p").metric(() -> 0).target(n -> { }).scaleUpAbove(10)
                .scaleDownBelow(1).min(5).max(2).build()).hasMessageContaining("min (5) must be <= max (2)");
        assertThatThrownBy(() -> ScalingPolicy.builder("p").min(-1)).hasMessage("min must be >= 0 but was -1");
    }

    @Provide
    Arbitrary<List<Double>> metrics() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(0, 200),
                Arbitraries.of(5.0, 9.99, 10.0, 100.0, 100.01, 150.0, Double.NaN))
                .list().ofMinSize(1).ofMaxSize(60);
    }
}
