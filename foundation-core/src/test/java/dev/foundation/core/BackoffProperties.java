package dev.foundation.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BackoffProperties {

    @Test
    void exponential_doublesUntilTheMaximum() {
        Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(b.delay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(b.delay(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(b.delay(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void multiplier_andFixed() {
        Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)).withMultiplier(3);
        assertThat(b.delay(1, 0.7)).isEqualTo(Duration.ofMillis(100));
        assertThat(b.delay(2, 0.7)).isEqualTo(Duration.ofMillis(300));
        assertThat(b.delay(3, 0.7)).isEqualTo(Duration.ofMillis(900));
        assertThat(b.delay(4, 0.7)).isEqualTo(Duration.ofSeconds(1));
        Backoff fixed = Backoff.fixed(Duration.ofMillis(250));
        assertThat(fixed.delay(1)).isEqualTo(fixed.delay(50)).isEqualTo(Duration.ofMillis(250));
        assertThat(Backoff.none().delay(7)).isZero();
    }

    @Test
    void badArguments_areRejected_namingTheValue() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofMillis(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial delay must be >= 0");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but was PT1S");
        assertThatThrownBy(() -> Backoff.none().withMultiplier(0.5)).hasMessageContaining("0.5");
        assertThatThrownBy(() -> Backoff.none().withMultiplier(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.none().withJitter(1.5)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> Backoff.none().delay(0)).hasMessageContaining("failures must be >= 1 but was 0");
        assertThatThrownBy(() -> Backoff.none().delay(1, 1.0)).hasMessageContaining("random");
    }

    @Property(tries = 500)
    void delay_staysWithinTheJitterBand_andNeverExceedsTheMaximum(
            @ForAll @IntRange(min = 1, max = 200) int failures,
            @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random,
            @ForAll @DoubleRange(min = 0, max = 1) double jitter,
            @ForAll @DoubleRange(min = 1, max = 10) double multiplier,
            @ForAll @LongRange(min = 0, max = 10_000) long initialMillis,
            @ForAll @LongRange(min = 0, max = 100_000) long extraMillis) {
        Duration initial = Duration.ofMillis(initialMillis);
        Duration max = initial.plusMillis(extraMillis);
        Backoff b = Backoff.exponential(initial, max).withMultiplier(multiplier).withJitter(jitter);
        double nominal = Math.min(initial.toNanos() * Math.pow(multiplier, failures - 1), max.toNanos());
        long d = b.delay(failures, random).toNanos();
        assertThat((double) d).isBetween(nominal * (1 - jitter) - 1, Math.min(nominal * (1 + jitter), max.toNanos()) + 1);
        assertThat(b.nominalDelay(failures).toNanos()).isBetween((long) nominal - 1, (long) nominal + 1);
    }

    @Property(tries = 300)
    void nominalDelay_neverShrinks_asFailuresGrow(@ForAll @IntRange(min = 1, max = 10_000) int failures,
                                                  @ForAll @DoubleRange(min = 1, max = 4) double multiplier) {
        Backoff b = Backoff.exponential(Duration.ofMillis(3), Duration.ofHours(1)).withMultiplier(multiplier);
        assertThat(b.nominalDelay(failures + 1)).isGreaterThanOrEqualTo(b.nominalDelay(failures));
    }

    @Test
    void hugeBounds_doNotOverflow() {
        Backoff b = Backoff.exponential(Duration.ofDays(365 * 1000L), Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(b.delay(100, 0.5)).isPositive();
    }
}
