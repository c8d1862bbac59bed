package dev.foundation.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle module uses foundation-core only for {@code Backoff}; core's Jackson is optional, so an application
 * with only lifecycle has no Jackson. This module's test class path is its runtime class path plus test tools.
 */
class DependenciesTest {

    @Test
    void lifecycleRunsWithoutJackson_whileUsingCoresBackoff() {
        assertThatThrownBy(() -> Class.forName("com.fasterxml.jackson.databind.ObjectMapper"))
                .isInstanceOf(ClassNotFoundException.class);
        Supervision s = Supervision.builder().backoff(Duration.ofMillis(10), Duration.ofMillis(80)).jitter(0).build();
        assertThat(s.backoff().delay(1)).isEqualTo(Duration.ofMillis(10));
        assertThat(s.backoff().delay(3)).isEqualTo(Duration.ofMillis(40));
        assertThat(s.backoff().delay(9)).isEqualTo(Duration.ofMillis(80));
        assertThat(Supervision.defaults().backoff()).isEqualTo(Supervision.DEFAULT_BACKOFF);
    }
}
