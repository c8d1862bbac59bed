package dev.foundation.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of a cache's statistics, see {@link TieredCache#stats()}.
 *
 * @param name           the cache's name
 * @param hits           reads answered by some tier
 * @param misses         reads no tier answered (the loader was called, or the key was absent)
 * @param tiers          per-tier counters, for the configured tiers only, in tier order
 * @param loadSuccesses  loader calls that returned (a value or {@code null})
 * @param loadFailures   loader calls that threw
 * @param totalLoadTime  time spent in the loader
 * @param l2WritesSkipped disk-tier writes skipped because the disk was full or failing
 * @param l3CircuitState the L3 circuit breaker's state ({@code "CLOSED"}, {@code "OPEN"}, ...), or
 *                       {@code "NONE"} without L3
 * @param hottestKeys    the most read keys, hottest first
 * @param <K>            the key type
 */
public record CacheStats<K>(String name, long hits, long misses, Map<Tier, TierStats> tiers,
                            long loadSuccesses, long loadFailures, Duration totalLoadTime,
                            long l2WritesSkipped, String l3CircuitState, List<HotKey<K>> hottestKeys) {

    /**
     * Copies the collections.
     */
    public CacheStats {
        tiers = Map.copyOf(tiers);
        hottestKeys = List.copyOf(hottestKeys);
    }

    /**
     * Overall hit rate: reads answered by any tier divided by all reads, or {@code NaN} before any read.
     *
     * @return the hit rate in {@code [0, 1]}, or {@code NaN}
     */
    public double hitRate() {
        long reads = hits + misses;
        return reads == 0 ? Double.NaN : (double) hits / reads;
    }

    /**
     * The counters of one tier.
     *
     * @param tier the tier
     * @return its counters
     * @throws IllegalArgumentException if the cache has no such tier
     */
    public TierStats tier(Tier tier) {
        TierStats stats = tiers.get(tier);
        if (stats == null) {
            throw new IllegalArgumentException("cache '" + name + "' has no tier " + tier);
        }
        return stats;
    }

    /**
     * Mean time of one loader call, or zero before any.
     *
     * @return the mean load time
     */
    public Duration averageLoadTime() {
        long loads = loadSuccesses + loadFailures;
        return loads == 0 ? Duration.ZERO : totalLoadTime.dividedBy(loads);
    }
}
