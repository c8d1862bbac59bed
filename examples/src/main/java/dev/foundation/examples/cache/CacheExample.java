package dev.foundation.examples.cache;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.foundation.cache.CacheStats;
import dev.foundation.cache.DataSize;
import dev.foundation.cache.Dependencies;
import dev.foundation.cache.L1;
import dev.foundation.cache.L2;
import dev.foundation.cache.L3;
import dev.foundation.cache.TierStats;
import dev.foundation.cache.LoadingTieredCache;
import dev.foundation.cache.TieredCache;
import dev.foundation.cache.Warmer;
import dev.foundation.cache.WarmerLock;
import dev.foundation.coordination.Coordination;
import dev.foundation.coordination.CoordinationConfig;
import dev.foundation.coordination.EmbeddedMemberConfig;
import dev.foundation.coordination.HazelcastMembers;
import dev.foundation.core.Codecs;
import dev.foundation.examples.Example;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Three tiers on an embedded Hazelcast member: loading and promotion, a dependency invalidation cascade,
 * a warmer kept to one member by a coordination lock, the per-tier statistics, then an L3 outage (the member
 * stops under a client-side cache) and the recovery.
 */
public final class CacheExample implements Example {

    /** A user profile, as an application would model it. */
    public record Profile(String id, String name, List<String> permissions) {}

    /** A pretend database: counts the loads the cache lets through. */
    static final class ProfileDb {
        final Map<String, Profile> rows = new ConcurrentHashMap<>();
        final AtomicInteger loads = new AtomicInteger();

        Profile loadProfile(String id) {
            loads.incrementAndGet();
            return rows.getOrDefault(id, new Profile(id, "user " + id, List.of("read")));
        }
    }

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public String description() {
        return "foundation-cache: L1 Caffeine + L2 SQLite + L3 Hazelcast, dependency cascade, warmer, stats, "
                + "L3 outage and recovery";
    }

    @Override
    public void run(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("foundation-cache-example");
        EmbeddedMemberConfig memberConfig = EmbeddedMemberConfig.builder()
                .clusterName("cache-example-" + UUID.randomUUID()).build();
        HazelcastInstance hz = HazelcastMembers.embedded(memberConfig);
        ProfileDb db = new ProfileDb();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Coordination coordination = Coordination.hazelcast(hz, CoordinationConfig.defaults())) {
            // snippet:cache-build
            LoadingTieredCache<String, Profile> profiles = TieredCache.<String, Profile>builder("profiles")
                    .keyCodec(Codecs.utf8()).valueCodec(Codecs.json(Profile.class))
                    .l1(L1.maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)))
                    .l2(L2.disk(dir).maximumBytes(DataSize.ofMegabytes(512)).expireAfterWrite(Duration.ofHours(1)))
                    .l3(L3.hazelcast(hz).expireAfterWrite(Duration.ofHours(6)))
                    .warmer(Warmer.<String, Profile>keys("top-profiles", () -> List.of("1", "2", "3"))
                            .fixedRate(Duration.ofMinutes(10)))
                    .warmerLock(WarmerLock.coordination(coordination, Duration.ofSeconds(30)))
                    .meterRegistry(registry)
                    .build(id -> db.loadProfile(id));
            // end-snippet
            try (profiles) {
                System.out.println("warmer 'top-profiles' ran on this member: " + profiles.warmNow("top-profiles")
                        + ", database loads so far: " + db.loads.get());
                for (int i = 0; i < 200; i++) {
                    profiles.get(Integer.toString(i % 7 == 0 ? 42 : i % 20));
                }
                System.out.println("200 reads, database loads: " + db.loads.get());

                // snippet:cache-dependencies
                profiles.put("permissions:42", new Profile("permissions:42", "perm", List.of("read", "write")));
                Profile p = profiles.get("42");
                profiles.put("42", p, Dependencies.on("permissions:42", "preferences:42").tagged("tenant:7"));
                profiles.put("page:42", p, Dependencies.on("42"));
                profiles.invalidate("permissions:42");     // also "42" and, through it, "page:42", everywhere
                profiles.invalidateTag("tenant:7");
                // end-snippet
                System.out.println("after invalidating permissions:42 -> '42' cached: "
                        + (profiles.getIfPresent("42") != null) + ", 'page:42' cached: "
                        + (profiles.getIfPresent("page:42") != null));
                printStats(profiles.stats());
                try (LoadingTieredCache<String, Profile> otherNode = TieredCache.<String, Profile>builder("profiles")
                        .keyCodec(Codecs.utf8()).valueCodec(Codecs.json(Profile.class))
                        .l1(L1.maximumSize(100)).l2(L2.disk(dir.resolve("other-node"))).l3(L3.hazelcast(hz))
                        .build(id -> db.loadProfile(id))) {
                    int before = db.loads.get();
                    otherNode.get("1");
                    otherNode.get("1");
                    System.out.println("a second cache on the same cluster read '1' from L3, then L1; database loads: +"
                            + (db.loads.get() - before));
                    printStats(otherNode.stats());
                }
                System.out.println("meter foundation.cache.hit.ratio = "
                        + registry.get("foundation.cache.hit.ratio").gauge().value());
            }
        }
        outageAndRecovery(hz, memberConfig, dir.resolve("client"));
    }

    private static void outageAndRecovery(HazelcastInstance member, EmbeddedMemberConfig memberConfig, Path dir)
            throws InterruptedException {
        int port = member.getCluster().getLocalMember().getAddress().getPort();
        ClientConfig clientConfig = new ClientConfig();
        clientConfig.setClusterName(memberConfig.clusterName());
        clientConfig.setProperty("hazelcast.logging.type", "slf4j");
        clientConfig.getNetworkConfig().addAddress("127.0.0.1:" + port);
        clientConfig.getConnectionStrategyConfig()
                .setReconnectMode(ClientConnectionStrategyConfig.ReconnectMode.ASYNC)
                .getConnectionRetryConfig().setClusterConnectTimeoutMillis(-1).setMaxBackoffMillis(500);
        HazelcastInstance client = HazelcastClient.newHazelcastClient(clientConfig);
        HazelcastInstance restarted = null;
        AtomicInteger loads = new AtomicInteger();
        try (LoadingTieredCache<String, String> cache = TieredCache.<String, String>builder("sessions")
                .keyCodec(Codecs.utf8()).valueCodec(Codecs.utf8())
                .l1(L1.maximumSize(1_000)).l2(L2.disk(dir))
                .l3(L3.hazelcast(client).timeout(Duration.ofMillis(300)).circuitBreaker(
                        new L3.Breaker(50, 4, 2, Duration.ofMillis(500), 1)))
                .build(id -> "session " + id + " (load " + loads.incrementAndGet() + ")")) {
            cache.put("s1", "session s1");
            System.out.println("L3 outage: stopping the member under a client-side cache");
            member.getLifecycleService().terminate();
            for (int i = 0; i < 10; i++) {
                cache.get("during-" + i);
            }
            System.out.println("  10 reads during the outage, no exception; breaker " + cache.stats().l3CircuitState()
                    + ", s1 still served from L1: " + cache.get("s1"));
            restarted = HazelcastMembers.embedded(memberConfig.toBuilder().port(port).build());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int probe = 0;
            while (!cache.stats().l3CircuitState().equals("CLOSED") && System.nanoTime() < deadline) {
                cache.get("probe-" + probe++);
                Thread.sleep(100);
            }
            System.out.println("  member restarted; breaker " + cache.stats().l3CircuitState() + " after " + probe
                    + " probe reads");
            printStats(cache.stats());
        } finally {
            client.shutdown();
            if (restarted != null) {
                restarted.shutdown();
            }
        }
    }

    private static void printStats(CacheStats<?> stats) {
        System.out.printf("cache '%s': overall hit rate %.3f, loads %d ok / %d failed, avg load %d us, L3 breaker %s%n",
                stats.name(), stats.hitRate(), stats.loadSuccesses(), stats.loadFailures(),
                stats.averageLoadTime().toNanos() / 1_000, stats.l3CircuitState());
        System.out.println("  tier |    hits |  misses | evictions | hit rate");
        for (TierStats t : stats.tiers().values().stream()
                .sorted((a, b) -> a.tier().compareTo(b.tier())).toList()) {
            System.out.printf("  %-4s | %7d | %7d | %9d | %8.3f%n", t.tier(), t.hits(), t.misses(), t.evictions(),
                    t.hitRate());
        }
        System.out.println("  hottest keys: " + stats.hottestKeys().stream().limit(3)
                .map(h -> h.key() + "~" + h.estimate()).toList());
    }
}
