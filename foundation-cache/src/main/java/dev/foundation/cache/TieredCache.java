package dev.foundation.cache;

import java.util.Collection;
import java.util.Map;

/**
 * A cache of up to three tiers under one expiry: L1 in memory (Caffeine), L2 on local disk (SQLite),
 * L3 distributed (Hazelcast). Reads go L1 -> L2 -> L3 and promote what they find to the tiers above; writes
 * and invalidations go to every tier and, through L3, to every node. {@link TieredCacheBuilder#build()} gives
 * this interface (no loader: {@link #getIfPresent(Object)}); {@link TieredCacheBuilder#build(CacheLoader)} gives a
 * {@link LoadingTieredCache}, whose {@code get} calls the loader for keys no tier has.
 *
 * <pre>{@code
 * LoadingTieredCache<String, Profile> profiles = TieredCache.<String, Profile>builder("profiles")
 *     .keyCodec(Codecs.utf8()).valueCodec(Codecs.json(Profile.class))
 *     .l1(L1.maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)))
 *     .l2(L2.disk(dir).maximumBytes(DataSize.ofMegabytes(512)).expireAfterWrite(Duration.ofHours(1)))
 *     .l3(L3.hazelcast(hz).expireAfterWrite(Duration.ofHours(6)))
 *     .build(id -> db.loadProfile(id));
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops the cache's threads and closes its disk file; it does not shut
 * down the Hazelcast instance. Every method except {@link #close()}, {@link #name()}, {@link #health()} and {@link #stats()}
 * throws {@link IllegalStateException} after close.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface TieredCache<K, V> extends AutoCloseable {

    /**
     * Starts building a cache.
     *
     * @param name the cache's name: file name of its L2, prefix of its Hazelcast structures, metric tag;
     *             letters, digits, {@code . _ -} only
     * @param <K>  the key type
     * @param <V>  the value type
     * @return a builder
     */
    static <K, V> TieredCacheBuilder<K, V> builder(String name) {
        return new TieredCacheBuilder<>(name);
    }

    /**
     * The cache's name.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the value of a key if some tier has it, without calling the loader.
     *
     * @param key the key
     * @return the value or {@code null}
     */
    V getIfPresent(K key);

    /**
     * Returns the values the tiers have for many keys, without calling a loader.
     *
     * @param keys the keys
     * @return the keys that have a value, with it, in the iteration order of {@code keys}
     */
    Map<K, V> getAllPresent(Collection<? extends K> keys);

    /**
     * Stores a value in every tier; invalidates the key's dependents (transitively) and the key's older
     * copies on other nodes.
     *
     * @param key   the key
     * @param value the value
     */
    void put(K key, V value);

    /**
     * Stores a value that depends on other keys and carries tags, replacing the key's earlier
     * dependencies and tags. Invalidating (or putting) any key it depends on invalidates it.
     *
     * @param key          the key
     * @param value        the value
     * @param dependencies the keys it depends on and its tags
     */
    void put(K key, V value, Dependencies<K> dependencies);

    /**
     * Removes a key and, transitively, every entry depending on it, from every tier on every node.
     *
     * @param key the key
     */
    void invalidate(K key);

    /**
     * Invalidates several keys, as {@link #invalidate(Object)} does.
     *
     * @param keys the keys
     */
    void invalidateAll(Collection<? extends K> keys);

    /**
     * Invalidates every entry carrying the tag (and their dependents), on every tier and node.
     *
     * @param tag the tag
     */
    void invalidateTag(String tag);

    /**
     * Runs a warmer now, on the calling thread (in a cluster, only if this member gets its lock).
     *
     * @param warmerName the name of a configured warmer
     * @return whether the warmer ran and completed
     * @throws IllegalArgumentException if there is no such warmer
     */
    boolean warmNow(String warmerName);

    /**
     * Whether every configured tier is in use: {@link CacheHealth.Status#DEGRADED} while the L2 file could not be
     * opened at build (a read-only directory, a corrupt file that cannot be moved aside: the cache then runs
     * without L2) or while the L3 circuit breaker is not closed. Cheap enough for a health probe.
     *
     * @return the health
     */
    CacheHealth health();

    /**
     * A snapshot of the statistics.
     *
     * @return the statistics
     */
    CacheStats<K> stats();

    /**
     * Stops warmers and background refreshes, closes the disk tier, leaves the cluster's data in place.
     * Idempotent.
     */
    @Override
    void close();
}
