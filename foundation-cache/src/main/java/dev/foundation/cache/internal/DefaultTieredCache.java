package dev.foundation.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.foundation.cache.CacheLoadException;
import dev.foundation.cache.CacheHealth;
import dev.foundation.cache.CacheLoader;
import dev.foundation.cache.CacheStorageException;
import dev.foundation.cache.CacheStats;
import dev.foundation.cache.Dependencies;
import dev.foundation.cache.Tier;
import dev.foundation.cache.TierStats;
import dev.foundation.cache.TieredCache;
import dev.foundation.core.Codec;
import dev.foundation.core.CodecException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tiered cache: reads through the tiers and the loader, writes, and the invalidation cascade. Its helpers:
 * {@link StripedVersions} (loads against invalidations on one node), {@link LocalGraph} and {@link HazelcastTier}
 * (the dependency graph, here and shared), {@link WarmerRunner}, {@link Counters} and {@link CacheMeters}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public class DefaultTieredCache<K, V> implements TieredCache<K, V> {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultTieredCache.class);
    private static final Object ABSENT = new Object();

    /** An L1 entry: the value with its absolute expiry and write time (epoch milliseconds). */
    private record Entry<V>(V value, long expiresAt, long writtenAt) {
    }

    /** A remembered loader failure (negative caching). */
    private record Failure(CacheLoadException exception) {
    }

    private final String name;
    private final Clock clock;
    private final KeyIds<K> ids;
    private final Codec<V> valueCodec;
    private final CacheLoader<? super K, V> loader;
    private final long entryTtlMillis;
    private final long refreshMillis;
    private final Cache<K, Entry<V>> l1;
    private final SqliteStore l2;
    /** Why the configured L2 could not be opened, or {@code null}. */
    private final String l2Problem;
    private String l2Failure;
    private final long l2TtlMillis;
    private final HazelcastTier l3;
    private final long l3TtlMillis;
    private final Duration lockLease;
    private final Cache<K, Object> negative;
    private final ConcurrentHashMap<K, CompletableFuture<V>> inflight = new ConcurrentHashMap<>();
    private final Set<K> refreshing = ConcurrentHashMap.newKeySet();
    private final ExecutorService refresher;
    private final WarmerRunner<K, V> warmers;
    private final StripedVersions stripes = new StripedVersions();
    private final LocalGraph graph = new LocalGraph();
    private final HotKeySketch<K> sketch;
    private final int hotKeys;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final MeterRegistry registry;
    private CacheMeters meters;

    private final Counters counters = new Counters();

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
        this.clock = s.clock();
        this.ids = new KeyIds<>(s.keyCodec());
        this.valueCodec = s.valueCodec();
        this.loader = s.loader();
        this.entryTtlMillis = s.expireAfterWrite() == null ? Long.MAX_VALUE : s.expireAfterWrite().toMillis();
        this.refreshMillis = s.refreshAfterWrite() == null ? 0 : s.refreshAfterWrite().toMillis();
        this.hotKeys = s.hotKeys();
        this.sketch = new HotKeySketch<>(s.hotKeys() * 4, 6);
        this.l1 = s.l1() == null ? null : buildL1(s.l1().maximumSize(), s.l1().expireAfterWrite());
        this.negative = s.negativeTtl() == null ? null : Caffeine.newBuilder()
                .maximumSize(10_000).expireAfterWrite(s.negativeTtl()).ticker(this::ticker)
                .executor(Runnable::run).build();
        this.l2TtlMillis = s.l2() == null || s.l2().expireAfterWrite() == null
                ? Long.MAX_VALUE : s.l2().expireAfterWrite().toMillis();
        this.l3TtlMillis = s.l3() == null || s.l3().expireAfterWrite() == null
                ? Long.MAX_VALUE : s.l3().expireAfterWrite().toMillis();
        this.lockLease = s.l3() == null ? null : s.l3().clusterLoadLockLease();
        this.l2 = s.l2() == null ? null : openL2(s);
        this.l2Problem = s.l2() != null && l2 == null
                ? "L2 unavailable: cannot open " + s.l2().directory() + " (" + l2Failure + "); running without L2"
                : null;
        HazelcastTier tier3 = null;
        try {
            if (s.l3() != null) {
                tier3 = HazelcastTier.of(s.l3(), name);
            }
        } catch (RuntimeException e) {
            if (l2 != null) {
                l2.close();
            }
            throw e;
        }
        this.l3 = tier3;
        this.refresher = refreshMillis == 0 ? null : new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(10_000), Threads.daemon("foundation-cache-" + name + "-refresh"));
        this.warmers = new WarmerRunner<>(name, s.warmers(), s.warmerLock(), counters, this::getAll, this::put,
                closed::get);
        this.registry = s.meterRegistry();
        start();
    }

    private void start() {
        if (l3 != null) {
            l3.subscribe(this::onRemoteInvalidation);
            l3.onCircuitChange(transition -> LOG.warn("cache '{}': L3 circuit breaker opened ({}); serving from the "
                    + "local tiers and the loader", name, transition), () -> {
                        LOG.info("cache '{}': L3 reachable again, breaker closed; clearing L1 and L2 because "
                                + "invalidations from other nodes may have been missed", name);
                        if (l1 != null) {
                            l1.invalidateAll();
                        }
                        if (l2 != null) {
                            l2.clear();
                        }
                    });
        }
        if (registry != null) {
            meters = new CacheMeters(name, counters, l1 != null, l2, l2UnavailableFlag(), l3, this::l3Evictions);
            meters.bindTo(registry);
        }
        warmers.start();
    }

    /** Opens L2, or returns {@code null} (and logs a WARN naming the path) if it cannot be opened or created. */
    private SqliteStore openL2(Settings<K, V> s) {
        try {
            return new SqliteStore(s.l2().directory(), name, s.l2().maximumBytes().bytes());
        } catch (CacheStorageException e) {
            l2Failure = e.getMessage();
            LOG.warn("cache '{}': L2 in {} cannot be used, starting without it (health DEGRADED, meter "
                    + "foundation.cache.l2.unavailable = 1): {}", name, s.l2().directory(), e.getMessage(), e);
            return null;
        }
    }

    private long ticker() {
        return TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }

    /**
     * Caffeine with a fixed per-tier TTL (cheaper than a variable expiry on the read path). The entry's own
     * absolute expiry is checked on every read, so an entry promoted near the end of its life is never served
     * past it; such an entry is removed when a read finds it expired.
     */
    private Cache<K, Entry<V>> buildL1(long maximumSize, Duration ttl) {
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(maximumSize).ticker(this::ticker)
                .executor(Runnable::run);
        if (ttl != null) {
            builder.expireAfterWrite(ttl);
        }
        // Maintenance (draining the read and write buffers, evicting) runs on the calling thread: on the default
        // executor each put woke a common-pool thread, and L1 with 10% puts ran at 0.37 of raw Caffeine against
        // 0.77 to 0.88 with this executor (L1HitBenchmark mix90, 2-core machine). An eviction listener runs
        // synchronously and only for evictions; a removal listener would also be called for every replaced value.
        return builder.evictionListener((K key, Entry<V> e, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
            if (cause.wasEvicted()) {
                counters.l1Evictions.increment();
            }
        }).build();
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
        if (l1 != null) {
            Entry<V> e = l1.getIfPresent(key);
            if (e != null) {
                if (e.expiresAt() == Long.MAX_VALUE && refresher == null) {
                    counters.tierHits[0].increment(); // counted as an overall hit too, see stats()
                    return e.value();
                }
                long now = clock.millis();
                if (e.expiresAt() > now) {
                    counters.tierHits[0].increment();
                    maybeRefresh(key, e.writtenAt(), now);
                    return e.value();
                }
                if (l1.asMap().remove(key, e)) {
                    counters.l1Evictions.increment();
                }
            }
            counters.tierMisses[0].increment();
        }
        if (!load) {
            return fetch(key, false, false);
        }
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
        if (recheckL1 && l1 != null) {
            Entry<V> e = l1.getIfPresent(key);
            if (e != null && e.expiresAt() > now) {
                counters.hits.increment();
                return e.value();
            }
        }
        KeyId id = ids.id(key);
        long stamp = stripes.stamp(id);
        if (l2 != null) {
            SqliteStore.Row row = l2.get(id.text(), now);
            if (row != null && row.expiresAt() > now) {
                V value = decode(row.value(), id);
                if (value != null) {
                    counters.tierHits[1].increment();
                    counters.hits.increment();
                    storeIfCurrent(key, id, stamp, new Entry<>(value, row.expiresAt(), row.writtenAt()), false,
                            L3Write.NONE);
                    maybeRefresh(key, row.writtenAt(), now);
                    return value;
                }
                l2.remove(id.text());
            }
            counters.tierMisses[1].increment();
        }
        if (l3 != null) {
            V value = fromL3(key, id, stamp, now);
            if (value != null) {
                return value;
            }
        }
        if (!load || loader == null) {
            counters.misses.increment();
            return null;
        }
        return callLoader(key, id, stamp);
    }

    private V fromL3(K key, KeyId id, long stamp, long now) {
        Envelope.Decoded envelope = Envelope.decode(l3.get(id.text()));
        if (envelope != null) {
            if (envelope.expiresAt() > now) {
                V value = decode(envelope.value(), id);
                if (value != null) {
                    counters.tierHits[2].increment();
                    counters.hits.increment();
                    storeIfCurrent(key, id, stamp, new Entry<>(value, envelope.expiresAt(), envelope.writtenAt()),
                            true, L3Write.NONE);
                    maybeRefresh(key, envelope.writtenAt(), now);
                    return value;
                }
            } else {
                counters.l3Expired.increment();
            }
        }
        counters.tierMisses[2].increment();
        return null;
    }

    private V decode(byte[] bytes, KeyId id) {
        try {
            return valueCodec.decode(bytes);
        } catch (CodecException e) {
            LOG.warn("cache '{}': undecodable value for key id {} dropped ({})", name, id, e.getMessage());
            return null;
        }
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
        boolean locked = false;
        if (l3 != null && lockLease != null) {
            locked = l3.tryLock(id.text(), lockLease);
            if (locked) {
                V value = fromL3(key, id, stamp, clock.millis());
                if (value != null) {
                    l3.unlock(id.text());
                    return value;
                }
            }
        }
        try {
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
            if (value == null) {
                if (negative != null) {
                    negative.put(key, ABSENT);
                }
                return null;
            }
            long now = clock.millis();
            storeIfCurrent(key, id, stamp, new Entry<>(value, expiry(now), now), true, L3Write.IF_ABSENT);
            return value;
        } finally {
            if (locked) {
                l3.unlock(id.text());
            }
        }
    }

    private long expiry(long now) {
        return saturatedAdd(now, entryTtlMillis);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
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
        if (!missing.isEmpty() && loader != null) {
            Map<K, KeyId> idsOf = new HashMap<>();
            Map<K, Long> stamps = new HashMap<>();
            for (K key : missing) {
                KeyId id = ids.id(key);
                idsOf.put(key, id);
                stamps.put(key, stripes.stamp(id));
            }
            long start = System.nanoTime();
            Map<? super K, V> loaded;
            try {
                @SuppressWarnings("unchecked")
                Map<? super K, V> result = (Map<? super K, V>) loader.loadAll(missing);
                loaded = result;
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
                    storeIfCurrent(key, idsOf.get(key), stamps.get(key), new Entry<>(value, expiry(now), now), true,
                            L3Write.IF_ABSENT);
                    found.put(key, value);
                }
            }
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

    private static String abbreviate(Collection<?> keys) {
        String all = keys.toString();
        return all.length() > 200 ? all.substring(0, 200) + "...]" : all;
    }

    private void maybeRefresh(K key, long writtenAt, long now) {
        if (refresher == null || now - writtenAt < refreshMillis || !refreshing.add(key)) {
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
            long start = System.nanoTime();
            V value;
            try {
                value = loader.load(key);
            } catch (Exception e) {
                counters.loadNanos.add(System.nanoTime() - start);
                counters.loadFailures.increment();
                LOG.warn("cache '{}': refresh of key '{}' failed; the current value is served until it expires",
                        name, key, e);
                return;
            }
            counters.loadNanos.add(System.nanoTime() - start);
            counters.loadSuccesses.increment();
            if (closed.get()) {
                return;
            }
            if (value == null) {
                invalidate(key);
                return;
            }
            long now = clock.millis();
            if (storeIfCurrent(key, id, stamp, new Entry<>(value, expiry(now), now), true, L3Write.REFRESH)
                    && l3 != null) {
                l3.publish(List.of(id.text()));
            }
        } catch (RuntimeException e) {
            LOG.warn("cache '{}': refresh of key '{}' failed", name, key, e);
        } finally {
            refreshing.remove(key);
        }
    }

    // ------------------------------------------------------------------------------------------ writes

    /**
     * How a write reaches L3: not at all (promotion from L2 or L3), replacing what is there (an explicit put),
     * only if L3 has nothing (a load: it must not replace a put made meanwhile), or replacing the value read
     * just before while keeping that write's edges (a refresh).
     */
    private enum L3Write { NONE, PUT, IF_ABSENT, REFRESH }

    /** The edges of an explicit put, as recorded in L3; {@code token} is empty when there are none. */
    private record Edges(String token, Set<String> deps, Set<String> tags) {
        static final Edges NONE = new Edges("", Set.of(), Set.of());
    }

    private boolean storeIfCurrent(K key, KeyId id, long stamp, Entry<V> e, boolean toL2, L3Write toL3) {
        int stripe = id.stripe();
        synchronized (stripes.lock(stripe)) {
            if (!stripes.isCurrent(stripe, stamp) || closed.get()) {
                return false;
            }
            write(key, id, e, toL2, toL3, Edges.NONE);
            return true;
        }
    }

    /**
     * Writes an entry to the tiers; caller holds the stripe lock.
     *
     * @return for {@link L3Write#PUT}, the envelope the write replaced in L3, else {@code null}
     */
    private byte[] write(K key, KeyId id, Entry<V> e, boolean toL2, L3Write toL3, Edges edges) {
        long now = clock.millis();
        if (e.expiresAt() <= now) {
            return null;
        }
        Entry<V> local = e;
        byte[] bytes = null;
        byte[] replaced = null;
        if (toL3 != L3Write.NONE && l3 != null) {
            long deadline = Math.min(e.expiresAt(), saturatedAdd(now, l3TtlMillis));
            bytes = valueCodec.encode(e.value());
            long ttl = deadline == Long.MAX_VALUE ? 0 : Math.max(1, deadline - now);
            switch (toL3) {
                case PUT -> replaced = l3.put(id.text(), Envelope.wrap(bytes, e.expiresAt(), e.writtenAt(),
                        edges.token(), edges.deps(), edges.tags()), ttl);
                case IF_ABSENT -> {
                    Envelope.Decoded there = Envelope.decode(l3.putIfAbsent(id.text(), Envelope.wrap(bytes,
                            e.expiresAt(), e.writtenAt(), "", Set.of(), Set.of()), ttl));
                    V value = there == null || there.expiresAt() <= now ? null : decode(there.value(), id);
                    if (value != null) {
                        // another node wrote first: keep its value here too, so the tiers agree
                        local = new Entry<>(value, there.expiresAt(), there.writtenAt());
                        bytes = there.value();
                    }
                }
                case REFRESH -> {
                    byte[] current = l3.get(id.text());
                    Envelope.Decoded was = Envelope.decode(current);
                    if (was == null) {
                        l3.putIfAbsent(id.text(), Envelope.wrap(bytes, e.expiresAt(), e.writtenAt(), "", Set.of(),
                                Set.of()), ttl);
                    } else {
                        l3.replace(id.text(), current, Envelope.wrap(bytes, e.expiresAt(), e.writtenAt(),
                                was.token(), was.deps(), was.tags()), ttl);
                    }
                }
                default -> throw new IllegalStateException("unexpected " + toL3);
            }
        }
        if (l1 != null) {
            l1.put(key, local);
        }
        if (toL2 && l2 != null) {
            long deadline = Math.min(local.expiresAt(), saturatedAdd(now, l2TtlMillis));
            if (bytes == null) {
                bytes = valueCodec.encode(local.value());
            }
            l2.put(id.text(), bytes, local.expiresAt(), deadline, local.writtenAt(), now);
        }
        return replaced;
    }

    @Override
    public void put(K key, V value) {
        put(key, value, Dependencies.none());
    }

    /**
     * A put against a concurrent cascade from another node: the put records its edges in L3 (tagged with a token
     * of its own) before it writes the value, and whoever removes or replaces a value removes the edges of that
     * value's write only. So a cascade that saw the new edges removes the value whenever it lands (both gone),
     * and a cascade that removed the value before it landed leaves the new edges in place (value reachable).
     */
    @Override
    public void put(K key, V value, Dependencies<K> dependencies) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(dependencies, "dependencies");
        checkOpen();
        KeyId id = ids.id(key);
        Set<KeyId> depIds = dependencies.keys().isEmpty() ? Set.of() : new HashSet<>();
        for (K dep : dependencies.keys()) {
            depIds.add(ids.id(dep));
        }
        List<String> published = cascade(Set.of(id), id);
        Edges edges = Edges.NONE;
        boolean hasEdges = !depIds.isEmpty() || !dependencies.tagSet().isEmpty();
        if (hasEdges && l3 != null) {
            Set<String> deps = new HashSet<>();
            depIds.forEach(d -> deps.add(d.text()));
            edges = new Edges(newToken(), deps, dependencies.tagSet());
        }
        boolean edgesRecorded = edges == Edges.NONE
                || l3.addEdges(id.text() + "#" + edges.token(), edges.deps(), edges.tags());
        long now = clock.millis();
        Entry<V> entry = new Entry<>(value, expiry(now), now);
        int stripe = id.stripe();
        byte[] replaced;
        synchronized (stripes.lock(stripe)) {
            stripes.bump(stripe);
            if (negative != null) {
                negative.invalidate(key);
            }
            graph.replaceEdges(id, edges.token(), depIds, dependencies.tagSet());
            if (edgesRecorded) {
                replaced = write(key, id, entry, true, L3Write.PUT, edges);
            } else {
                // the edges could not be recorded in L3: keep the value on this node only, where its edges are
                write(key, id, entry, true, L3Write.NONE, edges);
                replaced = l3.remove(id.text());
                LOG.warn("cache '{}': could not record the dependencies of key '{}' in L3; the value is kept on this "
                        + "node only", name, key);
            }
        }
        if (l3 != null) {
            published.add(withToken(id, forgetEdges(id, replaced)));
        }
        publish(published);
    }

    private static String newToken() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }

    /** Removes the L3 edges of a write whose value was just removed or replaced; returns its token or "". */
    private String forgetEdges(KeyId id, byte[] removed) {
        Envelope.Decoded was = Envelope.decode(removed);
        if (was == null || was.token().isEmpty()) {
            return "";
        }
        if (was.hasEdges()) {
            l3.removeEdges(id.text() + "#" + was.token(), was.deps(), was.tags());
        }
        return was.token();
    }

    private static String withToken(KeyId id, String token) {
        return token.isEmpty() ? id.text() : id.text() + "#" + token;
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
        Set<KeyId> start = new HashSet<>();
        for (K key : keys) {
            start.add(ids.id(Objects.requireNonNull(key, "keys contains null")));
        }
        removeClosure(start);
    }

    @Override
    public void invalidateTag(String tag) {
        Objects.requireNonNull(tag, "tag");
        checkOpen();
        // each member's tag edge goes with its value (removeEverywhere); the tag itself is not dropped at once, so
        // a put adding it concurrently keeps its edge
        Set<KeyId> members = new HashSet<>(graph.tagged(tag));
        if (l3 != null) {
            l3.tagged(tag).forEach(m -> members.add(KeyId.ofText(m)));
        }
        removeClosure(members);
    }

    private void removeClosure(Set<KeyId> start) {
        if (start.isEmpty()) {
            return;
        }
        publish(cascade(start, null));
    }

    /**
     * The one invalidation cascade (of invalidate, invalidateTag and a put's dependents): removes the given ids and
     * everything depending on them, transitively, except {@code keep} (a put's own key), from every tier.
     *
     * @return the removed ids with their writes' tokens, to publish
     */
    private List<String> cascade(Set<KeyId> start, KeyId keep) {
        Set<KeyId> all = closure(start);
        if (keep != null) {
            all.remove(keep);
        }
        List<String> published = new ArrayList<>(all.size() + 1);
        for (KeyId id : all) {
            published.add(removeEverywhere(id));
        }
        counters.localInvalidations.add(all.size());
        return published;
    }

    /** The given ids plus everything depending on them, transitively; visited ids are not revisited. */
    private Set<KeyId> closure(Set<KeyId> start) {
        Set<KeyId> visited = new LinkedHashSet<>(start);
        Deque<KeyId> queue = new ArrayDeque<>(start);
        while (!queue.isEmpty()) {
            KeyId id = queue.poll();
            Set<KeyId> next = new HashSet<>(graph.dependentsOf(id));
            if (l3 != null) {
                l3.dependentsOf(id.text()).forEach(d -> next.add(KeyId.ofText(d)));
            }
            for (KeyId dependent : next) {
                if (visited.add(dependent)) {
                    queue.add(dependent);
                }
            }
        }
        return visited;
    }

    /**
     * Removes a key's value and edges from this node's tiers and graph (atomically under its stripe lock) and from
     * L3, then the L3 edges of the write whose value was removed (only that write's: a newer put of the key keeps
     * its own).
     *
     * @return the key id with the removed write's token, as published to the other nodes
     */
    private String removeEverywhere(KeyId id) {
        K key = keyOf(id);
        int stripe = id.stripe();
        byte[] removed = null;
        synchronized (stripes.lock(stripe)) {
            dropLocal(key, id, stripe);
            graph.removeEdges(id);
            if (l3 != null) {
                removed = l3.remove(id.text());
            }
        }
        return l3 == null ? null : withToken(id, forgetEdges(id, removed));
    }

    /**
     * Drops a key from this node's L1, negative cache and L2 and bumps its stripe, so no load or promotion started
     * before stores its result; the caller holds the stripe lock.
     */
    private void dropLocal(K key, KeyId id, int stripe) {
        stripes.bump(stripe);
        if (key != null) {
            if (l1 != null) {
                l1.invalidate(key);
            }
            if (negative != null) {
                negative.invalidate(key);
            }
        }
        if (l2 != null) {
            l2.remove(id.text());
        }
    }

    private K keyOf(KeyId id) {
        try {
            return ids.key(id);
        } catch (CodecException | IllegalArgumentException e) {
            LOG.warn("cache '{}': cannot decode key id {} ({}); its L1 copy, if any, expires by TTL", name, id,
                    e.getMessage());
            return null;
        }
    }

    private void publish(List<String> entries) {
        if (l3 == null || entries.isEmpty()) {
            return;
        }
        l3.publish(entries);
    }

    /**
     * Another node removed or replaced these keys (each: key id, optionally {@code '#'} and the token of the write
     * it removed). Drops them from L1 and L2; drops a key's local edges only if they belong to that very write, so
     * a message that arrives after a newer local put keeps the newer put's edges.
     */
    private void onRemoteInvalidation(String[] entries) {
        if (closed.get()) {
            return;
        }
        for (String entry : entries) {
            int hash = entry.indexOf('#');
            KeyId id = KeyId.ofText(hash < 0 ? entry : entry.substring(0, hash));
            K key = keyOf(id);
            int stripe = id.stripe();
            synchronized (stripes.lock(stripe)) {
                dropLocal(key, id, stripe);
                if (hash >= 0) {
                    graph.removeEdgesOf(id, entry.substring(hash + 1));
                }
            }
            counters.remoteInvalidations.increment();
        }
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
        List<String> problems = new ArrayList<>(2);
        if (l2Problem != null) {
            problems.add(l2Problem);
        }
        if (l3 != null) {
            String state = l3.circuitState();
            if (!"CLOSED".equals(state)) {
                problems.add("L3 circuit breaker " + state + ": serving from the local tiers and the loader");
            }
        }
        return new CacheHealth(problems.isEmpty() ? CacheHealth.Status.HEALTHY : CacheHealth.Status.DEGRADED,
                problems);
    }

    @Override
    public CacheStats<K> stats() {
        Map<Tier, TierStats> tiers = new EnumMap<>(Tier.class);
        if (l1 != null) {
            l1.cleanUp();
            tiers.put(Tier.L1, new TierStats(Tier.L1, counters.tierHits[0].sum(), counters.tierMisses[0].sum(), counters.l1Evictions.sum()));
        }
        if (l2 != null) {
            tiers.put(Tier.L2, new TierStats(Tier.L2, counters.tierHits[1].sum(), counters.tierMisses[1].sum(), l2.evictions()));
        }
        if (l3 != null) {
            tiers.put(Tier.L3, new TierStats(Tier.L3, counters.tierHits[2].sum(), counters.tierMisses[2].sum(), l3Evictions()));
        }
        return new CacheStats<>(name, counters.allHits(), counters.misses.sum(), tiers, counters.loadSuccesses.sum(),
                counters.loadFailures.sum(), Duration.ofNanos(counters.loadNanos.sum()), l2 == null ? 0 : l2.writesSkipped(),
                l3 == null ? "NONE" : l3.circuitState(), sketch.top(hotKeys));
    }

    private java.util.function.BooleanSupplier l2UnavailableFlag() {
        return l2 == null && l2Problem == null ? null : () -> l2 == null;
    }

    private long l3Evictions() {
        return counters.l3Expired.sum() + (closed.get() ? 0 : l3.localEvictions());
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
        stop(warmers.scheduler());
        stop(refresher);
        if (l3 != null) {
            l3.close();
        }
        if (l2 != null) {
            l2.close();
        }
        if (l1 != null) {
            l1.invalidateAll();
            l1.cleanUp();
        }
        if (registry != null) {
            meters.unbind();
        }
        LOG.debug("cache '{}' closed", name);
    }

    private void stop(ExecutorService executor) {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("cache '{}': background threads did not stop within 10 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "TieredCache[" + name + ", l1=" + (l1 != null) + ", l2=" + (l2 != null) + ", l3=" + (l3 != null) + "]";
    }
}
