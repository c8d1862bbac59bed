package dev.foundation.cache;

import dev.foundation.core.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foundation.core.Codecs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TieredCacheTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger loads = new AtomicInteger();
    private final List<TieredCache<?, ?>> caches = new ArrayList<>();
    private final CacheLoader<String, String> loader = key -> "v" + loads.incrementAndGet() + ":" + key;

    @AfterEach
    void closeCaches() {
        caches.forEach(TieredCache::close);
    }

    private TieredCacheBuilder<String, String> builder() {
        return TieredCache.<String, String>builder("test")
                .keyCodec(Codecs.utf8()).valueCodec(Codecs.utf8()).clock(clock)
;
    }

    private <C extends TieredCache<?, ?>> C track(C cache) {
        caches.add(cache);
        return cache;
    }

    private LoadingTieredCache<String, String> l1l2(Duration l1Ttl, Duration l2Ttl) {
        return track(builder().l1(L1.maximumSize(100).expireAfterWrite(l1Ttl))
                .l2(L2.disk(dir).expireAfterWrite(l2Ttl)).build(loader));
    }

    @Test
    void get_loadsOnce_thenServesFromL1() {
        LoadingTieredCache<String, String> cache = l1l2(Duration.ofMinutes(1), Duration.ofMinutes(10));
        String first = cache.get("a");
        assertThat(cache.get("a")).isEqualTo(first);
        assertThat(loads).hasValue(1);
        CacheStats<String> stats = cache.stats();
        assertThat(stats.tier(Tier.L1).hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.loadSuccesses()).isEqualTo(1);
    }

    @Test
    void get_promotesFromL2_whenL1TtlPassed_withoutExtendingTheEntryLife() {
        LoadingTieredCache<String, String> cache = track(builder().l1(L1.maximumSize(100)
                        .expireAfterWrite(Duration.ofSeconds(10)))
                .l2(L2.disk(dir)).expireAfterWrite(Duration.ofSeconds(60)).build(loader));
        String v = cache.get("a");
        clock.advance(Duration.ofSeconds(50));
        assertThat(cache.get("a")).as("served from L2 and promoted").isEqualTo(v);
        assertThat(cache.stats().tier(Tier.L2).hits()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        assertThat(cache.get("a")).as("promoted copy in L1").isEqualTo(v);
        assertThat(cache.stats().tier(Tier.L1).hits()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(6));
        assertThat(cache.get("a")).as("61 s after the write the entry is gone from every tier, promotion or not")
                .isNotEqualTo(v);
        assertThat(loads).hasValue(2);
    }

    @Test
    void tierTtl_onlyShortensLife() {
        LoadingTieredCache<String, String> cache = track(builder().l1(L1.maximumSize(100)
                .expireAfterWrite(Duration.ofHours(1))).expireAfterWrite(Duration.ofSeconds(30)).build(loader));
        String v = cache.get("a");
        clock.advance(Duration.ofSeconds(29));
        assertThat(cache.get("a")).isEqualTo(v);
        clock.advance(Duration.ofSeconds(2));
        assertThat(cache.get("a")).isNotEqualTo(v);
    }

    @Test
    void concurrentGets_ofOneMissingKey_loadOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        LoadingTieredCache<String, String> cache = track(TieredCache.<String, String>builder("coalesce")
                .l1(L1.maximumSize(10)).build(key -> {
                    calls.incrementAndGet();
                    release.await(10, TimeUnit.SECONDS);
                    return "value";
                }));
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch started = new CountDownLatch(threads);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    started.countDown();
                    return cache.get("k");
                }));
            }
            started.await(10, TimeUnit.SECONDS);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
            release.countDown();
            for (Future<String> f : results) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("value");
            }
            assertThat(calls).hasValue(1);
            CacheStats<String> stats = cache.stats();
            assertThat(stats.hits() + stats.misses()).as("every read counted once").isEqualTo(threads);
            assertThat(stats.misses()).as("only the loading read is a miss").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void loaderException_reachesCaller_andCachesNothing() {
        AtomicInteger calls = new AtomicInteger();
        LoadingTieredCache<String, String> cache = track(TieredCache.<String, String>builder("failing")
                .l1(L1.maximumSize(10)).build(key -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IOException("database down");
                    }
                    return "ok";
                }));
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheLoadException.class)
                .hasMessageContaining("'failing'").hasMessageContaining("'k'").hasMessageContaining("database down")
                .hasCauseInstanceOf(IOException.class);
        assertThat(cache.get("k")).isEqualTo("ok");
        assertThat(cache.stats().loadFailures()).isEqualTo(1);
    }

    @Test
    void negativeCaching_remembersFailureForItsTtl() {
        AtomicInteger calls = new AtomicInteger();
        LoadingTieredCache<String, String> cache = track(TieredCache.<String, String>builder("negative").clock(clock)
                .l1(L1.maximumSize(10)).negativeCaching(Duration.ofSeconds(5)).build(key -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("nope");
                }));
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheLoadException.class);
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheLoadException.class);
        assertThat(calls).hasValue(1);
        clock.advance(Duration.ofSeconds(6));
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheLoadException.class);
        assertThat(calls).hasValue(2);
    }

    @Test
    void getAll_loadsMissingKeysInOneBulkCall() {
        List<Set<? extends String>> bulkCalls = new ArrayList<>();
        CacheLoader<String, String> bulk = new CacheLoader<>() {
            @Override
            public String load(String key) {
                throw new AssertionError("single load not expected");
            }

            @Override
            public Map<String, String> loadAll(Set<? extends String> keys) {
                bulkCalls.add(Set.copyOf(keys));
                return keys.stream().filter(k -> !k.equals("none")).collect(Collectors.toMap(k -> k, k -> "b:" + k));
            }
        };
        LoadingTieredCache<String, String> cache = track(TieredCache.<String, String>builder("bulk")
                .keyCodec(Codecs.utf8()).valueCodec(Codecs.utf8()).l1(L1.maximumSize(100)).l2(L2.disk(dir))
                .build(bulk));
        cache.put("a", "put:a");
        Map<String, String> all = cache.getAll(List.of("a", "b", "c", "none"));
        assertThat(all).containsExactly(Map.entry("a", "put:a"), Map.entry("b", "b:b"), Map.entry("c", "b:c"));
        assertThat(bulkCalls).containsExactly(Set.of("b", "c", "none"));
        assertThat(cache.getAll(List.of("b", "c"))).hasSize(2);
        assertThat(bulkCalls).hasSize(1);
    }

    @Test
    void invalidate_cascadesTransitively_andTerminatesOnCycles() {
        LoadingTieredCache<String, String> cache = l1l2(Duration.ofMinutes(1), Duration.ofMinutes(10));
        cache.put("permissions:42", "perm");
        cache.put("42", "profile", Dependencies.on("permissions:42", "preferences:42"));
        cache.put("page:42", "page", Dependencies.on("42"));
        cache.put("x", "x", Dependencies.on("y"));
        cache.put("y", "y", Dependencies.on("x"));
        cache.invalidate("permissions:42");
        assertThat(cache.getIfPresent("permissions:42")).isNull();
        assertThat(cache.getIfPresent("42")).isNull();
        assertThat(cache.getIfPresent("page:42")).isNull();
        cache.invalidate("x");
        assertThat(cache.getIfPresent("x")).isNull();
        assertThat(cache.getIfPresent("y")).isNull();
    }

    @Test
    void put_ofADependency_invalidatesDependents_butNotUnrelatedKeys() {
        LoadingTieredCache<String, String> cache = l1l2(Duration.ofMinutes(1), Duration.ofMinutes(10));
        cache.put("42", "profile", Dependencies.on("permissions:42"));
        cache.put("43", "other", Dependencies.on("permissions:43"));
        cache.put("permissions:42", "new permissions");
        assertThat(cache.getIfPresent("42")).isNull();
        assertThat(cache.getIfPresent("43")).isEqualTo("other");
        assertThat(cache.getIfPresent("permissions:42")).isEqualTo("new permissions");
    }

    @Test
    void rePut_replacesEarlierDependencies() {
        LoadingTieredCache<String, String> cache = l1l2(Duration.ofMinutes(1), Duration.ofMinutes(10));
        cache.put("k", "v1", Dependencies.on("old"));
        cache.put("k", "v2", Dependencies.on("new"));
        cache.invalidate("old");
        assertThat(cache.getIfPresent("k")).isEqualTo("v2");
        cache.invalidate("new");
        assertThat(cache.getIfPresent("k")).isNull();
    }

    @Test
    void invalidateTag_removesTaggedEntriesAndTheirDependents() {
        LoadingTieredCache<String, String> cache = l1l2(Duration.ofMinutes(1), Duration.ofMinutes(10));
        cache.put("a", "a", Dependencies.tags("tenant:7"));
        cache.put("b", "b", Dependencies.<String>tags("tenant:7", "blue"));
        cache.put("c", "c", Dependencies.tags("tenant:8"));
        cache.put("d", "d", Dependencies.on("b"));
        cache.invalidateTag("tenant:7");
        assertThat(cache.getIfPresent("a")).isNull();
        assertThat(cache.getIfPresent("b")).isNull();
        assertThat(cache.getIfPresent("d")).isNull();
        assertThat(cache.getIfPresent("c")).isEqualTo("c");
    }

    @Test
    void refreshAhead_servesOldValue_andReloadsInTheBackground() {
        LoadingTieredCache<String, String> cache = track(builder().l1(L1.maximumSize(10))
                .expireAfterWrite(Duration.ofMinutes(10)).refreshAfterWrite(Duration.ofMinutes(1)).build(loader));
        String first = cache.get("a");
        clock.advance(Duration.ofMinutes(2));
        assertThat(cache.get("a")).as("old value served while refreshing").isEqualTo(first);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !cache.get("a").equals(first));
        assertThat(loads).hasValue(2);
    }

    @Test
    void refreshAhead_failure_keepsServingTheOldValue() {
        AtomicInteger calls = new AtomicInteger();
        LoadingTieredCache<String, String> cache = track(TieredCache.<String, String>builder("refresh-fail").clock(clock)
                .l1(L1.maximumSize(10)).expireAfterWrite(Duration.ofMinutes(10))
                .refreshAfterWrite(Duration.ofMinutes(1)).build(key -> {
                    if (calls.incrementAndGet() > 1) {
                        throw new IllegalStateException("source down");
                    }
                    return "first";
                }));
        cache.get("a");
        clock.advance(Duration.ofMinutes(2));
        assertThat(cache.get("a")).isEqualTo("first");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cache.stats().loadFailures() == 1);
        assertThat(cache.get("a")).isEqualTo("first");
    }

    @Test
    void l1Only_withoutCodecs_supportsDependencies() {
        TieredCache<Integer, String> cache = track(TieredCache.<Integer, String>builder("plain")
                .l1(L1.maximumSize(10)).build());
        cache.put(1, "one");
        cache.put(2, "two", Dependencies.on(1));
        cache.invalidate(1);
        assertThat(cache.getIfPresent(2)).isNull();
        assertThat(cache.getIfPresent(3)).as("no loader: absent").isNull();
    }

    @Test
    void dependencyOnAnAbsentKey_isRecorded_andReachedThroughThatKeyOnly() {
        LoadingTieredCache<String, String> cache = l1l2(Duration.ofMinutes(1), Duration.ofMinutes(10));
        cache.put("y", "source");
        cache.put("x", "derived", Dependencies.on("y"));
        cache.invalidate("x");                                // x's value and its edge y -> x are gone
        cache.put("d", "from x", Dependencies.on("x"));       // x is absent: the edge x -> d is still recorded
        cache.invalidate("y");
        assertThat(cache.getIfPresent("d")).as("the documented rule: y no longer leads to d through x").isEqualTo("from x");
        cache.invalidate("x");
        assertThat(cache.getIfPresent("d")).as("invalidating the absent key x reaches d").isNull();

        cache.put("x", "derived", Dependencies.on("y"));
        cache.invalidate("x");
        cache.put("d", "from x", Dependencies.on("x", "y"));  // what the README recommends: name x's sources too
        cache.invalidate("y");
        assertThat(cache.getIfPresent("d")).isNull();
    }

    @Test
    void stats_reportPerTierHitRatesAndHottestKeys() {
        LoadingTieredCache<String, String> cache = l1l2(Duration.ofMinutes(1), Duration.ofMinutes(10));
        for (int i = 0; i < 4000; i++) {
            cache.get(i % 2 == 0 ? "hot" : "k" + (i % 500));
        }
        CacheStats<String> stats = cache.stats();
        assertThat(stats.hits() + stats.misses()).as(stats.toString()).isEqualTo(4000);
        // odd i hit 250 distinct keys, even i the hot key: 251 loads, every other read served by L1 or L2
        assertThat(stats.misses()).as(stats.toString()).isEqualTo(251);
        assertThat(stats.hitRate()).isEqualTo((4000 - 251) / 4000.0);
        assertThat(stats.tier(Tier.L1).hits() + stats.tier(Tier.L2).hits()).isEqualTo(4000 - 251);
        assertThat(stats.tier(Tier.L1).evictions()).isPositive();
        assertThat(stats.hottestKeys()).isNotEmpty();
        assertThat(stats.hottestKeys().get(0).key()).isEqualTo("hot");
        assertThatThrownBy(() -> stats.tier(Tier.L3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(stats.l3CircuitState()).isEqualTo("NONE");
    }

    @Test
    void meters_areRegisteredUnderFoundationCache_andRemovedOnClose() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LoadingTieredCache<String, String> cache = builder().l1(L1.maximumSize(10)).l2(L2.disk(dir))
                .meterRegistry(registry).build(loader);
        cache.get("a");
        cache.get("a");
        assertThat(registry.get("foundation.cache.tier.gets").tags("cache", "test", "tier", "l1", "result", "hit")
                .functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("foundation.cache.requests").tags("result", "miss").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("foundation.cache.load.duration").functionTimer().count()).isEqualTo(1);
        assertThat(registry.get("foundation.cache.l2.bytes").gauge().value()).isPositive();
        assertThat(registry.get("foundation.cache.hit.ratio").gauge().value()).isEqualTo(0.5);
        cache.close();
        assertThat(registry.find("foundation.cache.requests").meters()).isEmpty();
    }

    @Test
    void warmer_runsOnSchedule_andSurvivesFailures() {
        AtomicInteger runs = new AtomicInteger();
        LoadingTieredCache<String, String> cache = track(builder().l1(L1.maximumSize(100))
                .warmer(Warmer.<String, String>keys("top", () -> {
                    if (runs.incrementAndGet() == 1) {
                        throw new IllegalStateException("first run fails");
                    }
                    return List.of("w1", "w2");
                }).fixedDelay(Duration.ofMillis(20)))
                .warmer(Warmer.<String, String>entries("static", () -> Map.of("s", "static")).fixedRate(
                        Duration.ofHours(1)))
                .build(loader));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
        assertThat(cache.getIfPresent("w1")).isNotNull();
        assertThat(cache.getIfPresent("s")).isEqualTo("static");
        assertThat(cache.warmNow("top")).isTrue();
        assertThatThrownBy(() -> cache.warmNow("missing")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("top");
    }

    @Test
    void builder_rejectsBadArguments_eagerly() {
        assertThatThrownBy(() -> L1.maximumSize(0)).hasMessage("maximumSize must be > 0 but was 0");
        assertThatThrownBy(() -> L1.maximumSize(1).expireAfterWrite(Duration.ofSeconds(-1)))
                .hasMessage("expireAfterWrite must be > 0 but was PT-1S");
        assertThatThrownBy(() -> L2.disk(dir).maximumBytes(DataSize.ofBytes(0)))
                .hasMessage("maximumBytes must be > 0 but was 0");
        assertThatThrownBy(() -> DataSize.ofMegabytes(-3)).hasMessage("megabytes must be >= 0 but was -3");
        assertThatThrownBy(() -> TieredCache.builder("bad name")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad name'");
        assertThatThrownBy(() -> TieredCache.builder("x").build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no tier");
        assertThatThrownBy(() -> TieredCache.<String, String>builder("x").l2(L2.disk(dir)).build())
                .hasMessageContaining("keyCodec is required").hasMessageContaining("valueCodec is required");
        assertThatThrownBy(() -> TieredCache.<String, String>builder("x").l1(L1.maximumSize(1))
                .refreshAfterWrite(Duration.ofSeconds(1)).build()).hasMessageContaining("needs a loader");
        assertThatThrownBy(() -> TieredCache.<String, String>builder("x")
                .warmer(Warmer.keys("w", List::of))).hasMessageContaining("no schedule");
        assertThatThrownBy(() -> Dependencies.tags(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closedCache_rejectsCalls_andCloseIsIdempotent() {
        LoadingTieredCache<String, String> cache = builder().l1(L1.maximumSize(10)).build(loader);
        cache.close();
        cache.close();
        assertThatThrownBy(() -> cache.get("a")).isInstanceOf(IllegalStateException.class)
                .hasMessage("cache 'test' is closed");
    }

    @Test
    void close_leavesNoThreadBehind() {
        Set<String> before = liveThreadNames();
        LoadingTieredCache<String, String> cache = builder().l1(L1.maximumSize(10)).l2(L2.disk(dir))
                .refreshAfterWrite(Duration.ofSeconds(1)).expireAfterWrite(Duration.ofMinutes(1))
                .warmer(Warmer.<String, String>keys("w", () -> List.of("a")).fixedRate(Duration.ofMillis(10)))
                .build(loader);
        cache.get("a");
        clock.advance(Duration.ofSeconds(2));
        cache.get("a");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> cache.stats().loadSuccesses() >= 2);
        cache.close();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(liveThreadNames()).filteredOn(n -> n.startsWith("foundation-cache-"))
                        .isSubsetOf(before));
    }

    static Set<String> liveThreadNames() {
        Map<String, Integer> names = new HashMap<>();
        Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .forEach(t -> names.merge(t.getName(), 1, Integer::sum));
        return names.keySet();
    }
}
