package dev.foundation.cache;

import java.util.Collection;
import java.util.Map;

/**
 * A {@link TieredCache} with a loader, built by {@link TieredCacheBuilder#build(CacheLoader)}: {@link #get(Object)}
 * reads L1 -> L2 -> L3 -> loader. Concurrent {@code get}s of one missing key on one node share one load.
 *
 * <pre>{@code
 * LoadingTieredCache<String, Profile> profiles = TieredCache.<String, Profile>builder("profiles")
 *     .keyCodec(Codecs.utf8()).valueCodec(Codecs.json(Profile.class))
 *     .l1(L1.maximumSize(10_000))
 *     .build(id -> db.loadProfile(id));
 * Profile p = profiles.get("42");
 * }</pre>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface LoadingTieredCache<K, V> extends TieredCache<K, V> {

    /**
     * Returns the value of a key, loading it if no tier has it. Concurrent calls for the same missing key
     * on this node share one load.
     *
     * @param key the key
     * @return the value, or {@code null} if no tier has it and the loader returned {@code null}
     * @throws CacheLoadException if the loader threw (nothing is cached)
     */
    V get(K key);

    /**
     * Returns the values of many keys, loading the missing ones with one
     * {@link CacheLoader#loadAll(java.util.Set)} call.
     *
     * @param keys the keys
     * @return the keys that have a value, with it, in the iteration order of {@code keys}
     * @throws CacheLoadException if the loader threw (nothing is cached for the keys it was asked for)
     */
    Map<K, V> getAll(Collection<? extends K> keys);
}
