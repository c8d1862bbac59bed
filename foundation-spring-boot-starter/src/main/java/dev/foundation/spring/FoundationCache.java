package dev.foundation.spring;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import dev.foundation.cache.Dependencies;
import dev.foundation.cache.TieredCache;
import org.springframework.cache.support.AbstractValueAdaptingCache;

/**
 * A Spring {@link org.springframework.cache.Cache} over a Foundation {@link TieredCache}, so that
 * {@code @Cacheable}, {@code @CachePut} and {@code @CacheEvict} read and write every tier of it.
 *
 * <ul>
 *   <li>{@code evict} is {@link TieredCache#invalidate(Object)}: on every tier and node, with the key's dependents.</li>
 *   <li>{@code clear} invalidates every entry this adapter wrote: each {@code put} tags its entry with
 *       {@value #TAG}, and {@code clear} is {@link TieredCache#invalidateTag(String) invalidateTag} of it.
 *       Entries written to the {@code TieredCache} directly (not through Spring) are not cleared.</li>
 *   <li>{@code get(key, valueLoader)} ({@code @Cacheable(sync = true)}) calls the loader at most once at a time
 *       per key in this JVM; other callers for that key wait and read its result.</li>
 *   <li>{@code null} results are stored as Spring's {@code NullValue} when null values are allowed; a cache
 *       with an L2 or L3 tier must then have a value codec that can encode it, so the starter disallows null
 *       values for the {@code TieredCache} beans it wraps.</li>
 * </ul>
 *
 * <p>Keys and values are passed to the {@code TieredCache} as they are: its codecs (L2, L3) must accept the
 * key types Spring generates ({@code SimpleKey} for several parameters) and the values cached.
 */
public final class FoundationCache extends AbstractValueAdaptingCache {

    /** The tag every entry written through this adapter carries, so that {@link #clear()} can find them. */
    public static final String TAG = "spring-cache";

    private static final Dependencies<Object> TAGGED = Dependencies.tags(TAG);

    private final TieredCache<Object, Object> cache;
    private final ConcurrentHashMap<Object, Object> loading = new ConcurrentHashMap<>();

    /**
     * Wraps a cache.
     *
     * @param cache           the cache; the caller keeps ownership (closing it)
     * @param allowNullValues whether {@code null} values are stored
     */
    public FoundationCache(TieredCache<Object, Object> cache, boolean allowNullValues) {
        super(allowNullValues);
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    @Override
    public String getName() {
        return cache.name();
    }

    @Override
    public TieredCache<Object, Object> getNativeCache() {
        return cache;
    }

    @Override
    protected Object lookup(Object key) {
        return cache.getIfPresent(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Callable<T> valueLoader) {
        ValueWrapper present = get(key);
        if (present != null) {
            return (T) present.get();
        }
        Object lock = loading.computeIfAbsent(key, k -> new Object());
        try {
            synchronized (lock) {
                present = get(key);
                if (present != null) {
                    return (T) present.get();
                }
                T value;
                try {
                    value = valueLoader.call();
                } catch (Exception e) {
                    throw new ValueRetrievalException(key, valueLoader, e);
                }
                put(key, value);
                return value;
            }
        } finally {
            loading.remove(key, lock);
        }
    }

    @Override
    public void put(Object key, Object value) {
        cache.put(key, toStoreValue(value), TAGGED);
    }

    @Override
    public void evict(Object key) {
        cache.invalidate(key);
    }

    @Override
    public void clear() {
        cache.invalidateTag(TAG);
    }
}
