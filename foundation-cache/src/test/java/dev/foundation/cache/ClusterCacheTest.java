package dev.foundation.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.foundation.coordination.Coordination;
import dev.foundation.coordination.CoordinationConfig;
import dev.foundation.core.Codecs;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Several Hazelcast members (and a client) in one JVM, each with its own cache and disk directory. */
class ClusterCacheTest {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterCacheTest.class);

    @TempDir
    Path dir;

    private final TestMembers members = new TestMembers();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final AtomicInteger loads = new AtomicInteger();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        members.close();
    }

    private LoadingTieredCache<String, String> cache(HazelcastInstance hz, String node, L3 l3) {
        LoadingTieredCache<String, String> cache = TieredCache.<String, String>builder("shared")
                .keyCodec(Codecs.utf8()).valueCodec(Codecs.utf8())
                .l1(L1.maximumSize(1_000).expireAfterWrite(Duration.ofMinutes(10)))
                .l2(L2.disk(dir.resolve(node)))
                .l3(l3)
                .build(key -> node + ":" + key + ":" + loads.incrementAndGet());
        closeables.add(cache);
        return cache;
    }

    @Test
    void putAndInvalidate_onOneNode_reachOtherNodes_withinTheDocumentedWindow() {
        List<HazelcastInstance> three = members.startSettled(3);
        HazelcastInstance hzA = three.get(0);
        HazelcastInstance hzB = three.get(1);
        HazelcastInstance hzC = three.get(2);
        LoadingTieredCache<String, String> a = cache(hzA, "a", L3.hazelcast(hzA));
        LoadingTieredCache<String, String> b = cache(hzB, "b", L3.hazelcast(hzB));
        LoadingTieredCache<String, String> c = cache(hzC, "c", L3.hazelcast(hzC));

        a.put("k", "v1");
        assertThat(b.get("k")).as("read through L3").isEqualTo("v1");
        assertThat(c.get("k")).isEqualTo("v1");
        assertThat(b.stats().tier(Tier.L3).hits()).isEqualTo(1);

        long start = System.nanoTime();
        a.put("k", "v2");
        Awaitility.await().atMost(InvalidationWindow.BOUND).pollInterval(Duration.ofMillis(1))
                .until(() -> "v2".equals(b.getIfPresent("k")) && "v2".equals(c.getIfPresent("k")));
        Duration putWindow = Duration.ofNanos(System.nanoTime() - start);

        start = System.nanoTime();
        a.invalidate("k");
        Awaitility.await().atMost(InvalidationWindow.BOUND).pollInterval(Duration.ofMillis(1))
                .until(() -> b.getIfPresent("k") == null && c.getIfPresent("k") == null);
        Duration invalidateWindow = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("measured cross-node window: put {} ms, invalidate {} ms (documented bound {})",
                putWindow.toMillis(), invalidateWindow.toMillis(), InvalidationWindow.BOUND);
        assertThat(putWindow).isLessThan(InvalidationWindow.BOUND);
        assertThat(invalidateWindow).isLessThan(InvalidationWindow.BOUND);

        // the dependency graph is shared through L3: a dependency put on b, invalidated from c
        a.put("permissions:42", "perm");
        b.put("42", "profile", Dependencies.on("permissions:42").tagged("tenant:7"));
        assertThat(a.get("42")).isEqualTo("profile");
        c.invalidate("permissions:42");
        Awaitility.await().atMost(InvalidationWindow.BOUND)
                .until(() -> a.getIfPresent("42") == null && b.getIfPresent("42") == null);
        b.put("43", "profile43", Dependencies.tags("tenant:7"));
        assertThat(a.get("43")).isEqualTo("profile43");
        c.invalidateTag("tenant:7");
        Awaitility.await().atMost(InvalidationWindow.BOUND)
                .until(() -> a.getIfPresent("43") == null && b.getIfPresent("43") == null);
    }

    @Test
    void killingAMember_keepsEveryCacheServing() {
        List<HazelcastInstance> three = members.startSettled(3);
        HazelcastInstance hzA = three.get(0);
        HazelcastInstance hzB = three.get(1);
        HazelcastInstance hzC = three.get(2);
        L3 fastFail = L3.hazelcast(hzA).timeout(Duration.ofMillis(500));
        LoadingTieredCache<String, String> a = cache(hzA, "a", fastFail);
        LoadingTieredCache<String, String> b = cache(hzB, "b", L3.hazelcast(hzB).timeout(Duration.ofMillis(500)));
        LoadingTieredCache<String, String> c = cache(hzC, "c", L3.hazelcast(hzC).timeout(Duration.ofMillis(500)));
        for (int i = 0; i < 50; i++) {
            a.put("k" + i, "v" + i);
        }
        assertThat(c.get("k7")).isEqualTo("v7");

        hzC.getLifecycleService().terminate();

        for (int i = 0; i < 50; i++) {
            assertThat(a.get("k" + i)).isEqualTo("v" + i);
            assertThat(b.get("k" + i)).as("backups keep L3 data after a member dies").isEqualTo("v" + i);
            assertThat(c.get("k" + i)).as("the dead member's cache serves from L1/L2 or its loader")
                    .isNotNull();
        }
        assertThat(c.get("fresh")).startsWith("c:fresh:");
        a.put("after", "kill");
        assertThat(b.get("after")).isEqualTo("kill");
    }

    @Test
    void clusterLoadLock_letsOneNodeLoadAKey_andTheOtherReadItsResult() throws Exception {
        List<HazelcastInstance> two = members.startSettled(2);
        HazelcastInstance hzA = two.get(0);
        HazelcastInstance hzB = two.get(1);
        CountDownLatch firstLoadStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        List<LoadingTieredCache<String, String>> caches = new ArrayList<>();
        for (HazelcastInstance hz : List.of(hzA, hzB)) {
            LoadingTieredCache<String, String> cache = TieredCache.<String, String>builder("locked")
                    .keyCodec(Codecs.utf8()).valueCodec(Codecs.utf8()).l1(L1.maximumSize(10))
                    .l3(L3.hazelcast(hz).timeout(Duration.ofSeconds(20)).clusterLoadLock(Duration.ofSeconds(30)))
                    .build(key -> {
                        calls.incrementAndGet();
                        firstLoadStarted.countDown();
                        release.await(20, TimeUnit.SECONDS);
                        return "loaded";
                    });
            closeables.add(cache);
            caches.add(cache);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = pool.submit(() -> caches.get(0).get("k"));
            assertThat(firstLoadStarted.await(20, TimeUnit.SECONDS)).isTrue();
            Future<String> second = pool.submit(() -> caches.get(1).get("k"));
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> hzA.getMap("foundation.cache.locked").isLocked("aw"));
            release.countDown();
            assertThat(first.get(20, TimeUnit.SECONDS)).isEqualTo("loaded");
            assertThat(second.get(20, TimeUnit.SECONDS)).isEqualTo("loaded");
            assertThat(calls).hasValue(1);
            assertThat(caches.get(1).stats().tier(Tier.L3).hits()).isEqualTo(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void warmer_runsOnOneMemberAtATime_throughCoordinationLocks() {
        List<HazelcastInstance> two = members.startSettled(2);
        HazelcastInstance hzA = two.get(0);
        HazelcastInstance hzB = two.get(1);
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        List<TieredCache<String, String>> caches = new ArrayList<>();
        for (HazelcastInstance hz : List.of(hzA, hzB)) {
            Coordination coordination = Coordination.hazelcast(hz, CoordinationConfig.defaults());
            closeables.add(coordination);
            TieredCache<String, String> cache = TieredCache.<String, String>builder("warmed")
                    .keyCodec(Codecs.utf8()).valueCodec(Codecs.utf8()).l1(L1.maximumSize(100)).l3(L3.hazelcast(hz))
                    .warmerLock(WarmerLock.coordination(coordination, Duration.ofSeconds(5)))
                    .warmer(Warmer.<String, String>entries("popular", () -> {
                        int now = active.incrementAndGet();
                        maxActive.accumulateAndGet(now, Math::max);
                        try {
                            // the warm-up's work: long enough for the other member's schedule to collide
                            new CountDownLatch(1).await(30, TimeUnit.MILLISECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        active.decrementAndGet();
                        runs.incrementAndGet();
                        return java.util.Map.of("popular", "warm");
                    }).fixedRate(Duration.ofMillis(10)))
                    .build();
            closeables.add(cache);
            caches.add(cache);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() >= 20);
        assertThat(maxActive).as("never two members warming at once").hasValue(1);
        assertThat(caches.get(0).getIfPresent("popular")).isEqualTo("warm");
        assertThat(caches.get(1).getIfPresent("popular")).isEqualTo("warm");
    }

    @Test
    void l3Outage_opensTheBreaker_servesWithoutExceptions_andClosesAfterRecovery() {
        HazelcastInstance member = members.start();
        int port = member.getCluster().getLocalMember().getAddress().getPort();
        ClientConfig clientConfig = new ClientConfig();
        clientConfig.setClusterName(members.clusterName());
        clientConfig.setProperty("hazelcast.logging.type", "slf4j");
        clientConfig.getNetworkConfig().addAddress("127.0.0.1:" + port);
        clientConfig.getConnectionStrategyConfig()
                .setReconnectMode(ClientConnectionStrategyConfig.ReconnectMode.ASYNC)
                .getConnectionRetryConfig().setClusterConnectTimeoutMillis(-1)
                .setInitialBackoffMillis(100).setMaxBackoffMillis(300);
        HazelcastInstance client = HazelcastClient.newHazelcastClient(clientConfig);
        closeables.add(client::shutdown);
        L3.Breaker breaker = new L3.Breaker(50, 4, 2, Duration.ofMillis(300), 1);
        LoadingTieredCache<String, String> cache = cache(client, "client",
                L3.hazelcast(client).timeout(Duration.ofMillis(500)).circuitBreaker(breaker));
        cache.put("before", "outage");
        assertThat(member.getMap("foundation.cache.shared").size()).isEqualTo(1);

        member.getLifecycleService().terminate();
        for (int i = 0; i < 20; i++) {
            assertThat(cache.get("during" + i)).as("loader serves, no exception").startsWith("client:during" + i);
        }
        assertThat(cache.get("before")).as("L1 still serves").isEqualTo("outage");
        assertThat(cache.stats().l3CircuitState()).isIn("OPEN", "HALF_OPEN");

        HazelcastInstance restarted = members.startOn(port);
        AtomicInteger probe = new AtomicInteger();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            cache.get("probe" + probe.incrementAndGet());
            return cache.stats().l3CircuitState().equals("CLOSED");
        });
        cache.put("after", "recovery");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> restarted.getMap("foundation.cache.shared").containsKey(
                        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("after".getBytes(
                                java.nio.charset.StandardCharsets.UTF_8))));
    }

    @Test
    void resilience4jEscapeHatch_isUsedAsIs_andAnOpenBreakerDegradesHealth() {
        HazelcastInstance member = members.start();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom().slidingWindowSize(2).minimumNumberOfCalls(2)
                .failureRateThreshold(50).waitDurationInOpenState(Duration.ofMinutes(10)).build();
        L3 l3 = L3.hazelcast(member).timeout(Duration.ofMillis(500)).resilience4jCircuitBreaker(config);
        assertThat(l3.resilience4jCircuitBreaker()).isSameAs(config);
        assertThat(l3.circuitBreaker()).isNull();
        LoadingTieredCache<String, String> cache = cache(member, "hatch", l3);
        cache.put("k", "v");
        assertThat(cache.health().status()).isEqualTo(CacheHealth.Status.HEALTHY);

        member.getLifecycleService().terminate();
        for (int i = 0; i < 4; i++) {
            assertThat(cache.get("after" + i)).startsWith("hatch:after" + i);
        }
        assertThat(cache.stats().l3CircuitState()).as("10-minute open state of the given config").isEqualTo("OPEN");
        assertThat(cache.health().status()).isEqualTo(CacheHealth.Status.DEGRADED);
        assertThat(cache.health().problems()).singleElement().asString().contains("L3 circuit breaker OPEN");
    }
}
