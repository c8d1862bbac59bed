package dev.foundation.cache;

import dev.foundation.core.Codecs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run by {@link OptionalDependenciesTest} in a child JVM whose class path lacks some optional dependencies.
 * {@code local <dir>}: an L1+L2 cache doing everything but L3; prints {@code ok}. {@code l3}: builds a cache with
 * L3 on a stand-in Hazelcast instance; prints the builder's error.
 */
public final class LocalOnlyMain {

    private LocalOnlyMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("local")) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (LoadingTieredCache<String, String> cache = TieredCache.<String, String>builder("local")
                    .keyCodec(Codecs.utf8()).valueCodec(Codecs.utf8())
                    .l1(L1.maximumSize(100)).l2(L2.disk(Path.of(args[1])))
                    .refreshAfterWrite(Duration.ofMinutes(1)).negativeCaching(Duration.ofSeconds(1))
                    .warmer(Warmer.<String, String>keys("w", () -> java.util.List.of("a")).fixedRate(Duration.ofHours(1)))
                    .meterRegistry(registry)
                    .build(key -> "loaded " + key)) {
                cache.put("b", "v", Dependencies.on("a").tagged("t"));
                check(cache.get("a").equals("loaded a"), "load");
                cache.invalidate("a");
                check(cache.getIfPresent("b") == null, "dependency invalidation");
                cache.put("c", "v", Dependencies.tags("t"));
                cache.invalidateTag("t");
                check(cache.getIfPresent("c") == null, "tag invalidation");
                check(cache.warmNow("w"), "warmer");
                check(!cache.health().isDegraded(), "health");
                check(cache.stats().l3CircuitState().equals("NONE"), "stats");
                registry.getMeters().forEach(m -> m.measure().forEach(measurement -> measurement.getValue()));
            }
            System.out.println("ok");
            return;
        }
        Object hazelcast = Proxy.newProxyInstance(LocalOnlyMain.class.getClassLoader(),
                new Class<?>[] {Class.forName("com.hazelcast.core.HazelcastInstance")}, (proxy, method, a) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        try {
            TieredCache.<String, String>builder("l3").keyCodec(Codecs.utf8()).valueCodec(Codecs.utf8())
                    .l3(L3.hazelcast((com.hazelcast.core.HazelcastInstance) hazelcast)).build();
            System.out.println("built");
        } catch (IllegalStateException e) {
            System.out.println(e.getMessage());
        }
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }
}
