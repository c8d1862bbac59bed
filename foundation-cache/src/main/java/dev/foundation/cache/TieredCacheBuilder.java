package dev.foundation.cache;

import dev.foundation.cache.internal.DefaultTieredCache;
import dev.foundation.cache.internal.Settings;
import dev.foundation.core.Codec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Builds a {@link TieredCache} ({@link #build()}) or a {@link LoadingTieredCache} ({@link #build(CacheLoader)});
 * see {@link TieredCache#builder(String)}. Every setter checks its argument at once; {@code build} checks that the
 * combination makes sense (at least one tier, codecs for the L2 and L3 tiers, a loader for refresh-ahead,
 * negative caching and key-loading warmers).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class TieredCacheBuilder<K, V> {

    /** Default number of hottest keys tracked by the sketch. */
    public static final int DEFAULT_HOT_KEYS = 16;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final String name;
    private Codec<K> keyCodec;
    private Codec<V> valueCodec;
    private L1 l1;
    private L2 l2;
    private L3 l3;
    private Duration expireAfterWrite;
    private Duration refreshAfterWrite;
    private Duration negativeTtl;
    private Clock clock = Clock.systemUTC();
    private MeterRegistry meterRegistry;
    private int hotKeys = DEFAULT_HOT_KEYS;
    private WarmerLock warmerLock;
    private final Map<String, Warmer<K, V>> warmers = new LinkedHashMap<>();

    TieredCacheBuilder(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1-100 letters, digits, '.', '_' or '-' but was '"
                    + name + "'");
        }
        this.name = name;
    }

    static Duration positive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be > 0 but was " + value);
        }
        return value;
    }

    /**
     * The codec for keys in L2 and L3 (and in invalidation messages). Required with L2 or L3.
     *
     * @param codec the codec; equal keys must encode to equal bytes
     * @return this builder
     */
    public TieredCacheBuilder<K, V> keyCodec(Codec<K> codec) {
        this.keyCodec = Objects.requireNonNull(codec, "codec");
        return this;
    }

    /**
     * The codec for values in L2 and L3. Required with L2 or L3.
     *
     * @param codec the codec
     * @return this builder
     */
    public TieredCacheBuilder<K, V> valueCodec(Codec<V> codec) {
        this.valueCodec = Objects.requireNonNull(codec, "codec");
        return this;
    }

    /**
     * Adds the in-memory tier.
     *
     * @param l1 its configuration
     * @return this builder
     */
    public TieredCacheBuilder<K, V> l1(L1 l1) {
        this.l1 = Objects.requireNonNull(l1, "l1");
        return this;
    }

    /**
     * Adds the disk tier.
     *
     * @param l2 its configuration
     * @return this builder
     */
    public TieredCacheBuilder<K, V> l2(L2 l2) {
        this.l2 = Objects.requireNonNull(l2, "l2");
        return this;
    }

    /**
     * Adds the distributed tier.
     *
     * @param l3 its configuration
     * @return this builder
     */
    public TieredCacheBuilder<K, V> l3(L3 l3) {
        this.l3 = Objects.requireNonNull(l3, "l3");
        return this;
    }

    /**
     * The life of an entry: it expires this long after it was put or loaded, in every tier, however it is
     * promoted. Tier TTLs can only shorten it. Default: the longest tier TTL if every configured tier has
     * one, otherwise no expiry.
     *
     * @param ttl the time to live, {@code > 0}
     * @return this builder
     */
    public TieredCacheBuilder<K, V> expireAfterWrite(Duration ttl) {
        this.expireAfterWrite = positive("expireAfterWrite", ttl);
        return this;
    }

    /**
     * Refresh-ahead: a read of an entry older than this starts a background reload through the loader and
     * returns the current value at once; the reloaded value replaces it in every tier.
     *
     * @param age the age that triggers a reload, {@code > 0}
     * @return this builder
     */
    public TieredCacheBuilder<K, V> refreshAfterWrite(Duration age) {
        this.refreshAfterWrite = positive("refreshAfterWrite", age);
        return this;
    }

    /**
     * Negative caching: a loader that threw or returned {@code null} for a key is not called again for
     * that key on this node for {@code ttl}; reads in the meantime get the same exception (or
     * {@code null}). Off by default.
     *
     * @param ttl how long to remember the failure or absence, {@code > 0}
     * @return this builder
     */
    public TieredCacheBuilder<K, V> negativeCaching(Duration ttl) {
        this.negativeTtl = positive("negativeCaching", ttl);
        return this;
    }

    /**
     * The clock for expiry and refresh decisions (tests pass a clock they advance). Default: UTC system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public TieredCacheBuilder<K, V> clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Registers the {@code foundation.cache.*} meters in this registry. Default: no metrics.
     *
     * @param registry the registry
     * @return this builder
     */
    public TieredCacheBuilder<K, V> meterRegistry(MeterRegistry registry) {
        this.meterRegistry = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /**
     * How many hottest keys {@link CacheStats#hottestKeys()} reports (the sketch keeps four times as many
     * counters). Default {@value #DEFAULT_HOT_KEYS}.
     *
     * @param count the number, {@code > 0}
     * @return this builder
     */
    public TieredCacheBuilder<K, V> hottestKeys(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("hottestKeys must be > 0 but was " + count);
        }
        this.hotKeys = count;
        return this;
    }

    /**
     * Adds a scheduled warmer.
     *
     * @param warmer the warmer, with a schedule; its name must be unique in this cache
     * @return this builder
     */
    public TieredCacheBuilder<K, V> warmer(Warmer<K, V> warmer) {
        Objects.requireNonNull(warmer, "warmer");
        if (warmer.period() == null) {
            throw new IllegalArgumentException("warmer '" + warmer.name()
                    + "' has no schedule: call fixedRate(...) or fixedDelay(...)");
        }
        if (warmers.putIfAbsent(warmer.name(), warmer) != null) {
            throw new IllegalArgumentException("warmer name must be unique but '" + warmer.name()
                    + "' was given twice");
        }
        return this;
    }

    /**
     * How warmers are kept to one member at a time in a cluster: each run takes this lock (named
     * {@code foundation.cache.<cache>.warmer.<warmer>}) without waiting and skips if it is held elsewhere.
     * {@link WarmerLock#coordination(dev.foundation.coordination.Coordination, java.time.Duration)} adapts
     * {@code foundation-coordination}. Default: none (every member runs its warmers).
     *
     * @param lock the lock
     * @return this builder
     */
    public TieredCacheBuilder<K, V> warmerLock(WarmerLock lock) {
        this.warmerLock = Objects.requireNonNull(lock, "lock");
        return this;
    }

    /**
     * Builds and starts a cache without a loader (opens L2, subscribes to L3 invalidations, schedules warmers).
     * Reads of keys no tier has return {@code null}; refresh-ahead, negative caching and key-loading warmers need
     * {@link #build(CacheLoader)}.
     *
     * @return the cache
     * @throws IllegalStateException if the configuration is incomplete or inconsistent
     */
    public TieredCache<K, V> build() {
        return DefaultTieredCache.create(settings(null));
    }

    /**
     * Builds and starts a cache whose {@link LoadingTieredCache#get(Object)} calls the loader for keys no tier has.
     * An L2 that cannot be opened does not stop the build: the cache starts without it (see
     * {@link TieredCache#health()}).
     *
     * @param loader the loader
     * @return the cache
     * @throws IllegalStateException if the configuration is incomplete or inconsistent
     */
    public LoadingTieredCache<K, V> build(CacheLoader<? super K, V> loader) {
        Objects.requireNonNull(loader, "loader");
        return DefaultTieredCache.createLoading(settings(loader));
    }

    private Settings<K, V> settings(CacheLoader<? super K, V> loader) {
        List<String> problems = new ArrayList<>();
        if (l1 == null && l2 == null && l3 == null) {
            problems.add("no tier: call l1(...), l2(...) and/or l3(...)");
        }
        if ((l2 != null || l3 != null) && keyCodec == null) {
            problems.add("keyCodec is required with L2 or L3");
        }
        if ((l2 != null || l3 != null) && valueCodec == null) {
            problems.add("valueCodec is required with L2 or L3");
        }
        if (l3 != null) {
            requireOnClassPath("com.hazelcast.core.HazelcastInstance", "com.hazelcast:hazelcast", problems);
            requireOnClassPath("io.github.resilience4j.circuitbreaker.CircuitBreaker",
                    "io.github.resilience4j:resilience4j-circuitbreaker", problems);
        }
        if (refreshAfterWrite != null && loader == null) {
            problems.add("refreshAfterWrite needs a loader: use build(loader)");
        }
        if (negativeTtl != null && loader == null) {
            problems.add("negativeCaching needs a loader: use build(loader)");
        }
        for (Warmer<K, V> w : warmers.values()) {
            if (w.keysSupplier() != null && loader == null) {
                problems.add("warmer '" + w.name() + "' loads keys but the cache has no loader: use build(loader)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("cache '" + name + "' cannot be built: " + String.join("; ", problems));
        }
        Duration ttl = expireAfterWrite;
        if (ttl == null) {
            ttl = longestTierTtl();
        }
        return new Settings<>(name, keyCodec, valueCodec, l1, l2, l3, loader, ttl,
                refreshAfterWrite, negativeTtl, clock, meterRegistry, hotKeys, List.copyOf(warmers.values()),
                warmerLock);
    }

    /** Optional dependencies: a feature that needs one says which artifact to add. */
    private static void requireOnClassPath(String className, String artifact, List<String> problems) {
        try {
            Class.forName(className, false, TieredCacheBuilder.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            problems.add("L3 needs " + artifact + " on the class path (an optional dependency of foundation-cache); "
                    + "add it to the application's dependencies");
        }
    }

    private Duration longestTierTtl() {
        Duration longest = null;
        Duration[] ttls = {
            l1 == null ? Duration.ZERO : l1.expireAfterWrite(),
            l2 == null ? Duration.ZERO : l2.expireAfterWrite(),
            l3 == null ? Duration.ZERO : l3.expireAfterWrite()};
        for (Duration d : ttls) {
            if (d == null) {
                return null;
            }
            if (longest == null || d.compareTo(longest) > 0) {
                longest = d;
            }
        }
        return longest;
    }
}
