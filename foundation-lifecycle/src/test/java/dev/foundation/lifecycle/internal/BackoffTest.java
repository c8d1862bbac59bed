package dev.foundation.lifecycle.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.lifecycle.Supervision;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delay_growsExponentially_untilTheMaximum() {
        Supervision s = Supervision.builder().backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).multiplier(3).jitter(0).build();
        assertThat(Backoff.delay(s, 1, 0.7)).isEqualTo(Duration.ofMillis(100));
        assertThat(Backoff.delay(s, 2, 0.7)).isEqualTo(Duration.ofMillis(300));
        assertThat(Backoff.delay(s, 3, 0.7)).isEqualTo(Duration.ofMillis(900));
        assertThat(Backoff.delay(s, 4, 0.7)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Backoff.delay(s, 60, 0.7)).isEqualTo(Duration.ofSeconds(1));
    }

    @Property(tries = 300)
    void delay_staysWithinTheJitterBand_andNeverExceedsTheMaximum(@ForAll @IntRange(min = 1, max = 40) int restart,
                                                                 @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random,
                                                                 @ForAll @DoubleRange(min = 0, max = 1) double jitter) {
        Supervision s = Supervision.builder().backoff(Duration.ofMillis(50), Duration.ofSeconds(20)).jitter(jitter).build();
        double nominal = Math.min(50e6 * Math.pow(2, restart - 1), 20e9);
        long d = Backoff.delay(s, restart, random).toNanos();
        assertThat((double) d).isBetween(nominal * (1 - jitter) - 1, Math.min(nominal * (1 + jitter), 20e9) + 1);
    }
}
