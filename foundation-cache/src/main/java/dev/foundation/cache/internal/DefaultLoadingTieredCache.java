package dev.foundation.cache.internal;

import dev.foundation.cache.LoadingTieredCache;

/**
 * The tiered cache with a loader: {@link DefaultTieredCache} already reads through its loader; this type exposes
 * {@code get} and {@code getAll} as {@link LoadingTieredCache}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class DefaultLoadingTieredCache<K, V> extends DefaultTieredCache<K, V> implements LoadingTieredCache<K, V> {

    DefaultLoadingTieredCache(Settings<K, V> settings) {
        super(settings);
    }
}
