package dev.foundation.cache.internal;

import dev.foundation.cache.CacheHealth;
import dev.foundation.cache.CacheStats;
import dev.foundation.cache.Dependencies;
import dev.foundation.cache.TieredCache;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tiered cache: argument and state checks, the L1 fast path, and the wiring of its parts: the {@link TierChain}
 * (L1, L2, L3, with an {@link AbsentTier} for each tier it does not have), {@link Loading} (reads below L1, the
 * loader, coalescing, negative caching, the cluster load lock, refresh-ahead), {@link Invalidator} (puts, the
 * dependency and tag cascade, other nodes' invalidations), {@link StripedVersions} (loads against invalidations),
 * {@link WarmerRunner}, {@link Counters} and {@link CacheMeters}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public class DefaultTieredCache<K, V> implements TieredCache<K, V> {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultTieredCache.class);

    private final String name;
    private final Counters counters = new Counters();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final TierChain<K, V> tiers;
    private final Loading<K, V> loading;
    private final Invalidator<K, V> invalidator;
    private final WarmerRunner<K, V> warmers;
    private final HotKeySketch<K> sketch;
    private final int hotKeys;
    private final CacheMeters meters;

    /**
     * Builds a cache without a loader from validated settings and starts it.
     *
     * @param settings the settings
     * @param <K>      key type
     * @param <V>      value type
     * @return the cache
     */
    public static <K, V> DefaultTieredCache<K, V> create(Settings<K, V> settings) {
        return new DefaultTieredCache<>(settings);
    }

    /**
     * Builds a cache with a loader from validated settings and starts it.
     *
     * @param settings the settings, with a loader
     * @param <K>      key type
     * @param <V>      value type
     * @return the cache
     */
    public static <K, V> DefaultLoadingTieredCache<K, V> createLoading(Settings<K, V> settings) {
        return new DefaultLoadingTieredCache<>(settings);
    }

    /** Package-private: subclassed only by {@link DefaultLoadingTieredCache}. */
    DefaultTieredCache(Settings<K, V> s) {
        this.name = s.name();
        this.hotKeys = s.hotKeys();
        this.sketch = new HotKeySketch<>(s.hotKeys() * 4, 6);
        this.tiers = TierChain.open(s, counters);
        KeyIds<K> ids = new KeyIds<>(s.keyCodec());
        StripedVersions stripes = new StripedVersions();
        this.loading = new Loading<>(s, ids, tiers, stripes, counters, closed::get, this::invalidate);
        this.invalidator = new Invalidator<>(name, s.clock(), ids, tiers, stripes, counters, loading::forget,
                closed::get);
        this.warmers = new WarmerRunner<>(name, s.warmers(), s.warmerLock(), counters, this::getAll, this::put,
                closed::get);
        this.meters = new CacheMeters(name, counters, tiers);
        start(s);
    }

    private void start(Settings<K, V> s) {
        ClusterTier<K, V> cluster = tiers.cluster();
        cluster.subscribe(invalidator::onRemoteInvalidation);
        cluster.onCircuitChange(transition -> LOG.warn("cache '{}': L3 circuit breaker opened ({}); serving from "
                + "the local tiers and the loader", name, transition), () -> {
                    LOG.info("cache '{}': L3 reachable again, breaker closed; clearing L1 and L2 because "
                            + "invalidations from other nodes may have been missed", name);
                    tiers.clearLocal();
                });
        if (s.meterRegistry() != null) {
            meters.bindTo(s.meterRegistry());
        }
        warmers.start();
    }

    // ------------------------------------------------------------------------------------------- reads

    @Override
    public String name() {
        return name;
    }

    /**
     * Reads through the tiers, then the loader if the cache has one (exposed by {@link DefaultLoadingTieredCache}).
     *
     * @param key the key
     * @return the value or {@code null}
     */
    public V get(K key) {
        return read(key, true);
    }

    @Override
    public V getIfPresent(K key) {
        return read(key, false);
    }

    private V read(K key, boolean load) {
        Objects.requireNonNull(key, "key");
        checkOpen();
        sketch.record(key);
        Entry<V> e = tiers.first(key);
        if (e != null) {
            loading.maybeRefresh(key, e.writtenAt());
            return e.value();
        }
        return load ? loading.get(key) : loading.getIfPresent(key);
    }

    @Override
    public Map<K, V> getAllPresent(Collection<? extends K> keys) {
        Objects.requireNonNull(keys, "keys");
        checkOpen();
        Map<K, V> found = new LinkedHashMap<>();
        for (K key : keys) {
            Objects.requireNonNull(key, "keys contains null");
            if (!found.containsKey(key)) {
                V value = read(key, false);
                if (value != null) {
                    found.put(key, value);
                }
            }
        }
        return found;
    }

    /**
     * Reads many keys, loading the missing ones in one bulk call if the cache has a loader (exposed by
     * {@link DefaultLoadingTieredCache}).
     *
     * @param keys the keys
     * @return the keys that have a value, in the order of {@code keys}
     */
    public Map<K, V> getAll(Collection<? extends K> keys) {
        Objects.requireNonNull(keys, "keys");
        checkOpen();
        Map<K, V> found = new HashMap<>();
        Set<K> missing = new LinkedHashSet<>();
        for (K key : keys) {
            Objects.requireNonNull(key, "keys contains null");
            if (found.containsKey(key) || missing.contains(key)) {
                continue;
            }
            V value = read(key, false);
            if (value != null) {
                found.put(key, value);
            } else {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            found.putAll(loading.loadAll(missing));
        }
        Map<K, V> ordered = new LinkedHashMap<>();
        for (K key : keys) {
            V value = found.get(key);
            if (value != null) {
                ordered.put(key, value);
            }
        }
        return ordered;
    }

    // ------------------------------------------------------------------------------ writes, invalidation

    @Override
    public void put(K key, V value) {
        put(key, value, Dependencies.none());
    }

    @Override
    public void put(K key, V value, Dependencies<K> dependencies) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(dependencies, "dependencies");
        checkOpen();
        invalidator.put(key, value, dependencies, loading::entry);
    }

    @Override
    public void invalidate(K key) {
        Objects.requireNonNull(key, "key");
        invalidateAll(List.of(key));
    }

    @Override
    public void invalidateAll(Collection<? extends K> keys) {
        Objects.requireNonNull(keys, "keys");
        checkOpen();
        for (K key : keys) {
            Objects.requireNonNull(key, "keys contains null");
        }
        invalidator.invalidate(keys);
    }

    @Override
    public void invalidateTag(String tag) {
        Objects.requireNonNull(tag, "tag");
        checkOpen();
        invalidator.invalidateTag(tag);
    }

    // ----------------------------------------------------------------------------------------- warmers

    @Override
    public boolean warmNow(String warmerName) {
        Objects.requireNonNull(warmerName, "warmerName");
        checkOpen();
        return warmers.runNow(warmerName);
    }

    // ------------------------------------------------------------------------------------------- stats

    @Override
    public CacheHealth health() {
        List<String> problems = tiers.problems();
        return new CacheHealth(problems.isEmpty() ? CacheHealth.Status.HEALTHY : CacheHealth.Status.DEGRADED,
                problems);
    }

    @Override
    public CacheStats<K> stats() {
        return new CacheStats<>(name, counters.allHits(), counters.misses.sum(), tiers.stats(counters),
                counters.loadSuccesses.sum(), counters.loadFailures.sum(),
                Duration.ofNanos(counters.loadNanos.sum()), tiers.writesSkipped(), tiers.cluster().circuitState(),
                sketch.top(hotKeys));
    }

    // ------------------------------------------------------------------------------------------- close

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("cache '" + name + "' is closed");
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        warmers.stop();
        loading.stop();
        tiers.close();
        meters.unbind();
        LOG.debug("cache '{}' closed", name);
    }

    @Override
    public String toString() {
        return "TieredCache[" + name + ", " + tiers + "]";
    }
}
