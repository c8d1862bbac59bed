package dev.foundation.federation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foundation.config.ConfigHandle;
import dev.foundation.config.FoundationConfig;
import dev.foundation.config.Subscription;
import dev.foundation.federation.Federation;
import dev.foundation.federation.Pool;
import dev.foundation.federation.PoolHealth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWeightsTest {

    /** The configuration under the prefix {@code routing}. */
    public record Routing(Map<String, Integer> weights) {
    }

    @TempDir
    Path dir;

    private Federation<String> federation() {
        return Federation.<String>builder("hot").pool(Pool.of("a", "A")).pool(Pool.of("b", "B")).build();
    }

    @Test
    void bind_appliesCurrentWeights_andEveryReload_andKeepsWeightsWhenAReloadIsRefused() throws Exception {
        Path file = dir.resolve("routing.yml");
        Files.writeString(file, "routing:\n  weights:\n    a: 3\n    b: 1\n");
        try (Federation<String> f = federation();
             ConfigHandle<Routing> routing = FoundationConfig.builder(Routing.class).prefix("routing").file(file)
                     .build()) {
            Subscription hot = ConfigWeights.bind(f, routing, Routing::weights);
            assertThat(f.pools()).extracting(PoolHealth::weight).containsExactly(3, 1);

            Files.writeString(file, "routing:\n  weights:\n    a: 1\n    b: 4\n");
            routing.reload();
            assertThat(f.pools()).extracting(PoolHealth::weight).containsExactly(1, 4);

            Files.writeString(file, "routing:\n  weights:\n    a: 2\n    zz: 4\n");
            routing.reload();
            assertThat(f.pools()).extracting(PoolHealth::weight).containsExactly(1, 4);

            hot.close();
            Files.writeString(file, "routing:\n  weights:\n    a: 7\n    b: 7\n");
            routing.reload();
            assertThat(f.pools()).extracting(PoolHealth::weight).containsExactly(1, 4);
        }
    }

    @Test
    void bind_refusesAnInvalidCurrentConfiguration() throws Exception {
        Path file = dir.resolve("routing.yml");
        Files.writeString(file, "routing:\n  weights:\n    a: 0\n");
        try (Federation<String> f = federation();
             ConfigHandle<Routing> routing = FoundationConfig.builder(Routing.class).prefix("routing").file(file)
                     .build()) {
            assertThatThrownBy(() -> ConfigWeights.bind(f, routing, Routing::weights))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("weight of 'a' must be between 1 and 1000000 but was 0");
        }
    }
}
