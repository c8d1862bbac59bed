package dev.foundation.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.core.Codecs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meters read the same counters as {@link TieredCache#stats()}, tier by tier. */
class CacheMetersTest {

    @TempDir
    Path dir;

    @Test
    void meters_agreeWithStats_afterHitsMissesAndEvictions() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LoadingTieredCache<String, String> cache = TieredCache.<String, String>builder("metered")
                .keyCodec(Codecs.utf8()).valueCodec(Codecs.utf8())
                .l1(L1.maximumSize(5)).l2(L2.disk(dir))
                .meterRegistry(registry)
                .build(key -> key.startsWith("none") ? null : "v:" + key)) {
            for (int i = 0; i < 200; i++) {
                cache.get("k" + (i % 40));
            }
            cache.get("none1");
            cache.getIfPresent("absent");
            CacheStats<String> stats = cache.stats();
            assertThat(counter(registry, "foundation.cache.requests", "result", "hit")).isEqualTo(stats.hits());
            assertThat(counter(registry, "foundation.cache.requests", "result", "miss")).isEqualTo(stats.misses());
            assertThat(registry.get("foundation.cache.hit.ratio").gauge().value()).isEqualTo(stats.hitRate());
            for (Tier tier : new Tier[] {Tier.L1, Tier.L2}) {
                TierStats t = stats.tier(tier);
                assertThat(registry.get("foundation.cache.tier.gets").tags("tier", tier.tag(), "result", "hit")
                        .functionCounter().count()).isEqualTo(t.hits());
                assertThat(registry.get("foundation.cache.tier.gets").tags("tier", tier.tag(), "result", "miss")
                        .functionCounter().count()).isEqualTo(t.misses());
                assertThat(registry.get("foundation.cache.tier.evictions").tags("tier", tier.tag())
                        .functionCounter().count()).isEqualTo(t.evictions());
                assertThat(registry.get("foundation.cache.tier.hit.ratio").tags("tier", tier.tag()).gauge().value())
                        .isEqualTo(t.hitRate());
            }
            assertThat(stats.tier(Tier.L1).evictions()).isPositive();
            assertThat(registry.find("foundation.cache.l2.unavailable").gauge().value()).isZero();
        }
        assertThat(registry.find("foundation.cache.requests").meters()).as("removed on close").isEmpty();
    }

    private static double counter(SimpleMeterRegistry registry, String name, String key, String value) {
        return registry.get(name).tags(key, value).functionCounter().count();
    }
}
