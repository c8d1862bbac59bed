package dev.foundation.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Computes the value of a key missing from every tier.
 *
 * <p>A loader is called at most once at a time per key on one node (concurrent {@code get}s of the same
 * key share one load) and, with {@link L3#clusterLoadLock(java.time.Duration)}, at most once at a time
 * per key across the cluster. Override {@link #loadAll(Set)} when the source can load many keys in one
 * round trip; {@link LoadingTieredCache#getAll(java.util.Collection)} then calls it once for all missing keys.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface CacheLoader<K, V> {

    /**
     * Loads one value.
     *
     * @param key the key
     * @return the value, or {@code null} if the key has none (nothing is cached then, unless negative
     *         caching is enabled)
     * @throws Exception any failure; the caller sees it as the cause of a {@link CacheLoadException}
     */
    V load(K key) throws Exception;

    /**
     * Loads many values. The default calls {@link #load(Object)} for each key.
     *
     * @param keys the keys to load, not empty
     * @return the values found; keys without a value are left out
     * @throws Exception any failure; every key of the call fails with it
     */
    default Map<K, V> loadAll(Set<? extends K> keys) throws Exception {
        Map<K, V> result = new LinkedHashMap<>();
        for (K key : keys) {
            V value = load(key);
            if (value != null) {
                result.put(key, value);
            }
        }
        return result;
    }
}
