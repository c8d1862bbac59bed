package dev.foundation.spring;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import dev.foundation.cache.TieredCache;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A Spring {@link CacheManager} whose caches are Foundation {@link TieredCache}s.
 *
 * <p>Its caches are: the given {@code TieredCache}s (the application's beans; it does not close them), the
 * names created at construction, and (when dynamic) any other name on first use. The caches it created
 * itself are closed by {@link #close()}. Thread-safe.
 */
public final class FoundationCacheManager implements CacheManager, AutoCloseable {

    private final Map<String, FoundationCache> caches = new LinkedHashMap<>();
    private final List<TieredCache<Object, Object>> owned = new ArrayList<>();
    private final Function<String, TieredCache<Object, Object>> factory;
    private final boolean dynamic;
    private final boolean allowNullValues;
    private boolean closed;

    /**
     * Creates a manager.
     *
     * @param provided        caches the application built (wrapped under their {@link TieredCache#name()}, with
     *                        null values disallowed; not closed by this manager)
     * @param factory         builds a cache for a name (its result is closed by this manager)
     * @param initialNames    names to build with the factory now
     * @param dynamic         whether an unknown name builds a cache on first use
     * @param allowNullValues whether the caches built by the factory store {@code null} results
     */
    public FoundationCacheManager(Collection<? extends TieredCache<?, ?>> provided,
                                  Function<String, TieredCache<Object, Object>> factory,
                                  Collection<String> initialNames, boolean dynamic, boolean allowNullValues) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.dynamic = dynamic;
        this.allowNullValues = allowNullValues;
        for (TieredCache<?, ?> cache : provided) {
            @SuppressWarnings("unchecked")
            TieredCache<Object, Object> untyped = (TieredCache<Object, Object>) cache;
            if (caches.putIfAbsent(cache.name(), new FoundationCache(untyped, false)) != null) {
                throw new IllegalArgumentException("provided must have unique cache names but '" + cache.name()
                        + "' is given twice");
            }
        }
        for (String name : initialNames) {
            create(name);
        }
    }

    @Override
    public synchronized Cache getCache(String name) {
        FoundationCache cache = caches.get(name);
        if (cache != null || !dynamic) {
            return cache;
        }
        return create(name);
    }

    @Override
    public synchronized Collection<String> getCacheNames() {
        return Collections.unmodifiableList(new ArrayList<>(caches.keySet()));
    }

    private FoundationCache create(String name) {
        if (closed) {
            throw new IllegalStateException("cache manager is closed; cache '" + name + "' cannot be created");
        }
        FoundationCache existing = caches.get(name);
        if (existing != null) {
            return existing;
        }
        TieredCache<Object, Object> tiered = factory.apply(name);
        owned.add(tiered);
        FoundationCache cache = new FoundationCache(tiered, allowNullValues);
        caches.put(name, cache);
        return cache;
    }

    /** Closes the caches this manager built (not the provided ones). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (TieredCache<Object, Object> cache : owned) {
            cache.close();
        }
    }
}
