package dev.foundation.cache;

/**
 * Counters of one tier since the cache was built.
 *
 * @param tier      the tier
 * @param hits      lookups this tier answered
 * @param misses    lookups that reached this tier and did not find a live entry
 * @param evictions entries this tier dropped because of its size bound or expiry
 */
public record TierStats(Tier tier, long hits, long misses, long evictions) {

    /**
     * Hits divided by lookups, or {@code NaN} if the tier was never asked.
     *
     * @return the hit rate in {@code [0, 1]}, or {@code NaN}
     */
    public double hitRate() {
        long lookups = hits + misses;
        return lookups == 0 ? Double.NaN : (double) hits / lookups;
    }
}
