package dev.foundation.cache.internal;

import dev.foundation.cache.Tier;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * One tier of the cache (L1 memory, L2 disk, L3 cluster) as {@link TierChain} uses it. A tier that is not
 * configured, or could not be opened, is an {@link AbsentTier}: it finds nothing, stores nothing and counts
 * nothing, so the chain never checks for a missing tier.
 *
 * <p>A tier counts its own hits and misses in the cache's {@link Counters}.
 *
 * @param <K> key type
 * @param <V> value type
 */
interface CacheTier<K, V> extends AutoCloseable {

    /** Which tier this is. */
    Tier tier();

    /** Whether the tier is in use (false for an {@link AbsentTier}). */
    boolean isPresent();

    /**
     * The fast read of a tier addressed by the key object itself (L1): the live entry or {@code null}, counted as
     * this tier's hit or miss. Tiers addressed by key id find nothing here.
     */
    default Entry<V> find(K key) {
        return null;
    }

    /** Like {@link #find(Object)}, but counts nothing (a second look after a missed first one). */
    default Entry<V> peek(K key, long now) {
        return null;
    }

    /** The live entry of a key, or {@code null}; counted as this tier's hit or miss. */
    Entry<V> find(K key, KeyId id, long now);

    /** Stores an entry; the caller holds the key's stripe lock. Ignores an entry already expired. */
    void put(K key, KeyId id, Entry<V> entry, long now);

    /**
     * Removes a key.
     *
     * @param key the key, or {@code null} if its id could not be decoded (tiers addressed by key keep it until it
     *            expires)
     * @param id  its id
     */
    void remove(K key, KeyId id);

    /** Removes every entry this node holds in the tier (not the cluster's). */
    void clear();

    /** Runs pending maintenance, so that {@link #evictions()} is exact (for a statistics snapshot, not a scrape). */
    default void cleanUp() {
    }

    /** Entries evicted or expired out of the tier. Cheap: meters read it on every scrape. */
    long evictions();

    /** Writes the tier skipped (L2: the disk was full or failing). */
    default long writesSkipped() {
        return 0;
    }

    /** Why the tier is not fully in use, for {@link dev.foundation.cache.CacheHealth}, or {@code null}. */
    default String problem() {
        return null;
    }

    /** Registers the tier's own meters (beyond the per-tier gets, hit ratio and evictions) and adds them to {@code into}. */
    default void bindMeters(MeterRegistry registry, String cacheName, List<Meter> into) {
    }

    /** Releases the tier's resources. Idempotent. */
    @Override
    void close();
}
