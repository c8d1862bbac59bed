package dev.foundation.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.foundation.cache.CacheLoadException;
import dev.foundation.cache.CacheLoader;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read path below L1 and the loader: reads L2 then L3 (promoting what it finds), then calls the loader.
 * Concurrent loads of one key on this node share one call (coalescing); with a cluster load lock, one node at a time
 * loads a key; a loader's failure or {@code null} is remembered for the negative TTL; an entry older than the
 * refresh age is reloaded in the background while the old value is served (refresh-ahead).
 *
 * <p>Every store is checked against {@link StripedVersions}: a value read or loaded before an invalidation of its
 * key is never stored after it.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class Loading<K, V> {

    private static final Logger LOG = LoggerFactory.getLogger(Loading.class);
    private static final Object ABSENT = new Object();

    /** A remembered loader failure (negative caching). */
    private record Failure(CacheLoadException exception) {
    }

    private final String name;
    private final Clock clock;
    private final KeyIds<K> ids;
    private final TierChain<K, V> tiers;
    private final StripedVersions stripes;
    private final Counters counters;
    private final CacheLoader<? super K, V> loader;
    private final long entryTtlMillis;
    private final long refreshMillis;
    private final Cache<K, Object> negative;
    private final ExecutorService refresher;
    private final ConcurrentHashMap<K, CompletableFuture<V>> inflight = new ConcurrentHashMap<>();
    private final Set<K> refreshing = ConcurrentHashMap.newKeySet();
    private final BooleanSupplier closed;
    private final Consumer<K> invalidate;

    /**
     * @param s          the settings (loader, expiry, refresh age, negative TTL, clock)
     * @param ids        key ids
     * @param tiers      the tiers
     * @param stripes    the stripe versions shared with the invalidations
     * @param counters   where loads, hits and misses are counted
     * @param closed     whether the cache is closed
     * @param invalidate invalidates a key whose refresh found no value
     */
    Loading(Settings<K, V> s, KeyIds<K> ids, TierChain<K, V> tiers, StripedVersions stripes, Counters counters,
            BooleanSupplier closed, Consumer<K> invalidate) {
        this.name = s.name();
        this.clock = s.clock();
        this.ids = ids;
        this.tiers = tiers;
        this.stripes = stripes;
        this.counters = counters;
        this.loader = s.loader();
        this.entryTtlMillis = s.expireAfterWrite() == null ? Long.MAX_VALUE : s.expireAfterWrite().toMillis();
        this.refreshMillis = s.refreshAfterWrite() == null ? 0 : s.refreshAfterWrite().toMillis();
        this.negative = s.negativeTtl() == null ? null : negativeCache(s.negativeTtl(), clock);
        this.refresher = refreshMillis == 0 ? null : new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(10_000), Threads.daemon("foundation-cache-" + name + "-refresh"));
        this.closed = closed;
        this.invalidate = invalidate;
    }

    private static <K> Cache<K, Object> negativeCache(Duration ttl, Clock clock) {
        return Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(ttl)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).executor(Runnable::run).build();
    }

    /** A new entry of this cache's life, written now. */
    Entry<V> entry(V value) {
        return Entry.written(value, clock.millis(), entryTtlMillis);
    }

    /** Stops background refreshes and waits for a running one to end (the cache is closing). */
    void stop() {
        Threads.stop(refresher, name);
    }

    // ------------------------------------------------------------------------------------------- reads

    /**
     * After an L1 miss: L1 again, L2, L3, then the loader, sharing one lookup with concurrent callers of the key.
     */
    V get(K key) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = inflight.putIfAbsent(key, mine);
        if (running != null) {
            // served by another thread's lookup: a hit for this read unless that lookup found nothing
            try {
                V value = await(running);
                (value != null ? counters.hits : counters.misses).increment();
                return value;
            } catch (RuntimeException e) {
                counters.misses.increment();
                throw e;
            }
        }
        try {
            V value = fetch(key, true, true);
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inflight.remove(key, mine);
        }
    }

    /** After an L1 miss: L2 and L3 only. */
    V getIfPresent(K key) {
        return fetch(key, false, false);
    }

    private V await(CompletableFuture<V> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Looks in L1 (again, if asked), L2, L3, then calls the loader if asked. */
    private V fetch(K key, boolean recheckL1, boolean load) {
        long now = clock.millis();
        if (recheckL1) {
            Entry<V> e = tiers.recheckFirst(key, now);
            if (e != null) {
                counters.hits.increment();
                return e.value();
            }
        }
        KeyId id = ids.id(key);
        long stamp = stripes.stamp(id);
        TierChain.Hit<V> hit = tiers.findBelowFirst(key, id, now);
        if (hit != null) {
            return found(key, id, stamp, hit);
        }
        if (!load || loader == null) {
            counters.misses.increment();
            return null;
        }
        return callLoader(key, id, stamp);
    }

    /** Counts a hit below L1, promotes it to the tiers above and schedules a refresh if it is old. */
    private V found(K key, KeyId id, long stamp, TierChain.Hit<V> hit) {
        counters.hits.increment();
        storeIfCurrent(id, stamp, () -> tiers.promote(key, id, hit, clock.millis()));
        maybeRefresh(key, hit.entry().writtenAt());
        return hit.entry().value();
    }

    private V callLoader(K key, KeyId id, long stamp) {
        counters.misses.increment();
        if (negative != null) {
            Object remembered = negative.getIfPresent(key);
            if (remembered instanceof Failure f) {
                throw f.exception();
            }
            if (remembered == ABSENT) {
                return null;
            }
        }
        ClusterTier<K, V> cluster = tiers.cluster();
        boolean locked = cluster.tryLock(id);
        try {
            if (locked) {
                // another node may have loaded the key while this one waited for the lock
                TierChain.Hit<V> hit = tiers.findInCluster(key, id, clock.millis());
                if (hit != null) {
                    return found(key, id, stamp, hit);
                }
            }
            V value = timedLoad(key);
            if (value == null) {
                if (negative != null) {
                    negative.put(key, ABSENT);
                }
                return null;
            }
            Entry<V> entry = entry(value);
            storeIfCurrent(id, stamp, () -> tiers.putLoaded(key, id, entry, clock.millis()));
            return value;
        } finally {
            if (locked) {
                cluster.unlock(id);
            }
        }
    }

    private V timedLoad(K key) {
        long start = System.nanoTime();
        V value;
        try {
            value = loader.load(key);
        } catch (Exception e) {
            counters.loadNanos.add(System.nanoTime() - start);
            counters.loadFailures.increment();
            CacheLoadException failure = new CacheLoadException("cache '" + name + "' could not load key '"
                    + key + "': " + e, e);
            if (negative != null) {
                negative.put(key, new Failure(failure));
            }
            throw failure;
        }
        counters.loadNanos.add(System.nanoTime() - start);
        counters.loadSuccesses.increment();
        return value;
    }

    /**
     * Loads keys no tier has with one {@link CacheLoader#loadAll} call and stores what it returns.
     *
     * @param missing the keys, not empty
     * @return the values loaded
     */
    Map<K, V> loadAll(Set<K> missing) {
        Map<K, V> found = new HashMap<>();
        if (loader == null) {
            return found;
        }
        Map<K, KeyId> idsOf = new HashMap<>();
        Map<K, Long> stamps = new HashMap<>();
        for (K key : missing) {
            KeyId id = ids.id(key);
            idsOf.put(key, id);
            stamps.put(key, stripes.stamp(id));
        }
        long start = System.nanoTime();
        Map<?, V> loaded;
        try {
            loaded = loader.loadAll(missing);
        } catch (Exception e) {
            counters.loadNanos.add(System.nanoTime() - start);
            counters.loadFailures.increment();
            throw new CacheLoadException("cache '" + name + "' could not load " + missing.size()
                    + " keys " + abbreviate(missing) + ": " + e, e);
        }
        counters.loadNanos.add(System.nanoTime() - start);
        counters.loadSuccesses.increment();
        long now = clock.millis();
        for (K key : missing) {
            V value = loaded.get(key);
            if (value != null) {
                KeyId id = idsOf.get(key);
                Entry<V> entry = Entry.written(value, now, entryTtlMillis);
                storeIfCurrent(id, stamps.get(key), () -> tiers.putLoaded(key, id, entry, clock.millis()));
                found.put(key, value);
            }
        }
        return found;
    }

    private static String abbreviate(Collection<?> keys) {
        String all = keys.toString();
        return all.length() > 200 ? all.substring(0, 200) + "...]" : all;
    }

    /** Stores unless the key's stripe changed since {@code stamp} or the cache closed; whether it stored. */
    private boolean storeIfCurrent(KeyId id, long stamp, Runnable store) {
        int stripe = id.stripe();
        synchronized (stripes.lock(stripe)) {
            if (!stripes.isCurrent(stripe, stamp) || closed.getAsBoolean()) {
                return false;
            }
            store.run();
            return true;
        }
    }

    /** Forgets a remembered failure or absence of a key (it was put or invalidated); the key may be {@code null}. */
    void forget(K key) {
        if (negative != null && key != null) {
            negative.invalidate(key);
        }
    }

    // ----------------------------------------------------------------------------------------- refresh

    /** Reloads the key in the background if its entry, written at {@code writtenAt}, is past the refresh age. */
    void maybeRefresh(K key, long writtenAt) {
        if (refresher == null || clock.millis() - writtenAt < refreshMillis || !refreshing.add(key)) {
            return;
        }
        try {
            refresher.execute(() -> refresh(key));
        } catch (RejectedExecutionException e) {
            refreshing.remove(key);
        }
    }

    private void refresh(K key) {
        try {
            KeyId id = ids.id(key);
            long stamp = stripes.stamp(id);
            V value;
            try {
                value = timedRefresh(key);
            } catch (Exception e) {
                LOG.warn("cache '{}': refresh of key '{}' failed; the current value is served until it expires",
                        name, key, e);
                return;
            }
            if (closed.getAsBoolean()) {
                return;
            }
            if (value == null) {
                invalidate.accept(key);
                return;
            }
            Entry<V> entry = entry(value);
            if (storeIfCurrent(id, stamp, () -> tiers.putRefreshed(key, id, entry, clock.millis()))) {
                tiers.cluster().publishWrite(id);
            }
        } catch (RuntimeException e) {
            LOG.warn("cache '{}': refresh of key '{}' failed", name, key, e);
        } finally {
            refreshing.remove(key);
        }
    }

    /** A refresh's load: counted like a load, but a failure is not remembered (the old value is still served). */
    private V timedRefresh(K key) throws Exception {
        long start = System.nanoTime();
        try {
            V value = loader.load(key);
            counters.loadSuccesses.increment();
            return value;
        } catch (Exception e) {
            counters.loadFailures.increment();
            throw e;
        } finally {
            counters.loadNanos.add(System.nanoTime() - start);
        }
    }
}
