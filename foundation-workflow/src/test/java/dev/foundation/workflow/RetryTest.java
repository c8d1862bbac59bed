package dev.foundation.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foundation.core.Backoff;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RetryTest {

    @Test
    void fixedAndOf_useFoundationsBackoff() {
        assertThat(Retry.fixed(Duration.ofHours(1), 3).backoff()).isEqualTo(Backoff.fixed(Duration.ofHours(1)));
        Backoff b = Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(1)).withMultiplier(3);
        Retry r = Retry.of(4, b);
        assertThat(r.maxAttempts()).isEqualTo(4);
        assertThat(r.backoff().delay(3)).isEqualTo(Duration.ofSeconds(9));
        assertThatThrownBy(() -> Retry.of(0, b)).hasMessage("maxAttempts must be >= 1 but was 0");
        assertThat(Retry.none().maxAttempts()).isEqualTo(1);
    }

    @Test
    void exponential_hasTheDefaultJitterAndCap_andWithMaxDelayKeepsTheRest() {
        Retry r = Retry.exponential(Duration.ofMillis(100), 2.0, 5).withMaxDelay(Duration.ofSeconds(1));
        assertThat(r.backoff().jitter()).isEqualTo(Retry.DEFAULT_JITTER);
        assertThat(r.backoff().multiplier()).isEqualTo(2.0);
        assertThat(r.backoff().max()).isEqualTo(Duration.ofSeconds(1));
        assertThat(Retry.exponential(Duration.ofHours(1), 2.0, 2).backoff().max()).isEqualTo(Duration.ofHours(1));
        assertThat(Retry.exponential(Duration.ofMillis(1), 2.0, 2).backoff().max()).isEqualTo(Retry.DEFAULT_MAX_DELAY);
        assertThatThrownBy(() -> r.withMaxDelay(Duration.ofMillis(50))).hasMessageContaining("maxDelay must be >= initialDelay");
    }

    @Property(tries = 200)
    void exponentialDelays_stayInTheJitterBand(@ForAll @IntRange(min = 1, max = 60) int failures) {
        Retry r = Retry.exponential(Duration.ofMillis(100), 2.0, 100).withMaxDelay(Duration.ofSeconds(30));
        double nominal = Math.min(100 * Math.pow(2, failures - 1), 30_000);
        long d = r.backoff().delay(failures).toMillis();
        assertThat((double) d).isBetween(nominal * 0.5 - 1, Math.min(nominal * 1.5, 30_000) + 1);
    }
}
