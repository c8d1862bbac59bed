package dev.foundation.examples.federation;

import com.hazelcast.core.HazelcastInstance;
import dev.foundation.examples.Example;
import dev.foundation.federation.CallOptions;
import dev.foundation.federation.Federation;
import dev.foundation.federation.FederationHealth;
import dev.foundation.federation.OutlierEjection;
import dev.foundation.federation.Pool;
import dev.foundation.federation.PoolHealth;
import dev.foundation.federation.Strategy;
import dev.foundation.federation.cluster.ClusterMembership;
import dev.foundation.federation.cluster.PoolSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Three regional clients of a pretend inventory service behind one federation: locality-aware picks by weight,
 * failover of idempotent calls when a region fails, outlier ejection, a drain with a call in flight, spill-over to
 * another region with degraded health, a hot weight change and the per-pool meters.
 */
public final class FederationExample implements Example {

    /** A client for one region of a pretend inventory service; {@code down} makes every request fail. */
    public static final class InventoryClient {
        private final String region;
        private final AtomicBoolean down = new AtomicBoolean();

        InventoryClient(String region) {
            this.region = region;
        }

        /**
         * Looks up the stock of a product.
         *
         * @param sku the product
         * @return the answer, naming the region that gave it
         * @throws IOException when the region is down
         */
        public String stock(String sku) throws IOException {
            if (down.get()) {
                throw new IOException("connection refused by " + region);
            }
            return sku + ": 42 in stock (answered by " + region + ")";
        }
    }

    /**
     * The README's shared-membership snippet: every member's {@code inventory} federation gets the pools any member
     * registers (not run by {@code -Dexample=federation}, which needs no cluster).
     *
     * @param inventory this member's federation
     * @param hazelcast this member's Hazelcast instance
     * @return the membership; close it to leave
     */
    public static ClusterMembership<InventoryClient> shareAcrossCluster(Federation<InventoryClient> inventory,
                                                                       HazelcastInstance hazelcast) {
        // snippet:federation-cluster
        ClusterMembership<InventoryClient> shared = ClusterMembership.builder(inventory, hazelcast)
                .connector(spec -> new InventoryClient(spec.address()))   // how this member reaches a registered pool
                .onRemoved(client -> System.out.println("retired " + client.region))   // removed or replaced, once idle
                .start();
        shared.register(PoolSpec.of("eu-west-1c", "eu-west-1c.inventory").withLocality("eu-west").withWeight(3));
        // end-snippet
        return shared;
    }

    @Override
    public String name() {
        return "federation";
    }

    @Override
    public String description() {
        return "foundation-federation: locality-aware weighted picks, failover, ejection, drain, spill-over, meters";
    }

    @Override
    public void run(String[] args) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InventoryClient euWest1 = new InventoryClient("eu-west-1a");
        InventoryClient euWest2 = new InventoryClient("eu-west-1b");
        InventoryClient usEast = new InventoryClient("us-east-1a");
        // snippet:federation-build
        Federation<InventoryClient> inventory = Federation.<InventoryClient>builder("inventory")
                .strategy(Strategy.localityAware())            // this process's zone first, by weight
                .locality("eu-west")
                .pool(Pool.of("eu-west-1a", euWest1).withLocality("eu-west").withWeight(3).withCapacity(32))
                .pool(Pool.of("eu-west-1b", euWest2).withLocality("eu-west").withWeight(1).withCapacity(32))
                .pool(Pool.of("us-east-1a", usEast).withLocality("us-east").withWeight(2).withCapacity(64))
                .maxAttempts(3)                                // an idempotent call tries up to 3 pools
                .attemptTimeout(Duration.ofSeconds(2))         // a hung attempt counts as a failure
                .outlierEjection(new OutlierEjection(3, Duration.ofSeconds(30), Duration.ofMinutes(5), 50))
                .meterRegistry(registry)
                .build();
        // end-snippet
        try (inventory) {
            System.out.println("-- 8 reads from eu-west, smooth weighted 3:1 inside the caller's locality");
            for (int i = 0; i < 8; i++) {
                System.out.println("  " + inventory.execute(client -> client.stock("sku-1")));
            }

            System.out.println("-- eu-west-1a goes down: idempotent reads fail over, and it is ejected after 3 failures");
            euWest1.down.set(true);
            // snippet:federation-failover
            String answer = inventory.execute(CallOptions.idempotent(), client -> client.stock("sku-7"));
            // end-snippet
            System.out.println("  " + answer);
            for (int i = 0; i < 6; i++) {
                inventory.execute(CallOptions.idempotent(), client -> client.stock("sku-7"));
            }
            PoolHealth ejected = inventory.pool("eu-west-1a").orElseThrow();
            System.out.println("  eu-west-1a: " + ejected.status() + ", ejected until " + ejected.ejectedUntil());

            System.out.println("-- drain eu-west-1b while a call runs on it: the call finishes, new calls spill over");
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            CompletableFuture<String> slow = inventory.executeAsync(client -> {
                running.countDown();
                finish.await(10, TimeUnit.SECONDS);
                return client.stock("sku-9");
            });
            running.await(10, TimeUnit.SECONDS);
            // snippet:federation-drain
            CompletableFuture<Void> drained = inventory.drainPool("eu-west-1b");
            // end-snippet
            System.out.println("  while draining: " + inventory.execute(client -> client.stock("sku-3")));
            finish.countDown();
            System.out.println("  the call in flight: " + slow.get(10, TimeUnit.SECONDS));
            drained.get(10, TimeUnit.SECONDS);
            // snippet:federation-health
            FederationHealth health = inventory.health();
            System.out.println("  health: " + health.status() + " - " + health.detail());
            // end-snippet

            System.out.println("-- eu-west-1b back, weights changed at runtime (as a config reload would)");
            inventory.resumePool("eu-west-1b");
            inventory.applyWeights(Map.of("eu-west-1b", 5, "us-east-1a", 1));
            System.out.println("  " + inventory.execute(client -> client.stock("sku-4")));
            System.out.println("  health: " + inventory.health().status() + " - " + inventory.health().detail());

            System.out.println("-- meters per pool (foundation.federation.*)");
            Map<String, Double> calls = new TreeMap<>();
            for (Counter c : registry.find("foundation.federation.calls").counters()) {
                calls.put(c.getId().getTag("pool"), c.count());
            }
            Map<String, Double> failures = new TreeMap<>();
            for (Counter c : registry.find("foundation.federation.failures").counters()) {
                failures.put(c.getId().getTag("pool"), c.count());
            }
            System.out.println("  calls " + calls + ", failures " + failures + ", retries "
                    + registry.get("foundation.federation.retries").counter().count());
        }
    }
}
