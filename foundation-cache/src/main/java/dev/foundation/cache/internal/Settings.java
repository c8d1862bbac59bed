package dev.foundation.cache.internal;

import dev.foundation.cache.CacheLoader;
import dev.foundation.cache.L1;
import dev.foundation.cache.L2;
import dev.foundation.cache.L3;
import dev.foundation.cache.Warmer;
import dev.foundation.cache.WarmerLock;
import dev.foundation.core.Codec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A validated cache configuration, handed from the builder to the implementation.
 *
 * @param name              the cache name
 * @param keyCodec          key codec or {@code null} (L1 only)
 * @param valueCodec        value codec or {@code null} (L1 only)
 * @param l1                L1 or {@code null}
 * @param l2                L2 or {@code null}
 * @param l3                L3 or {@code null}
 * @param loader            loader or {@code null}
 * @param expireAfterWrite  entry life or {@code null} for none
 * @param refreshAfterWrite refresh age or {@code null}
 * @param negativeTtl       negative caching TTL or {@code null}
 * @param clock             the clock
 * @param meterRegistry     registry or {@code null}
 * @param hotKeys           hottest keys reported
 * @param warmers           warmers
 * @param warmerLock        warmer lock or {@code null}
 * @param <K>               key type
 * @param <V>               value type
 */
public record Settings<K, V>(String name, Codec<K> keyCodec, Codec<V> valueCodec, L1 l1, L2 l2, L3 l3,
                             CacheLoader<? super K, V> loader, Duration expireAfterWrite,
                             Duration refreshAfterWrite, Duration negativeTtl, Clock clock,
                             MeterRegistry meterRegistry, int hotKeys, List<Warmer<K, V>> warmers,
                             WarmerLock warmerLock) {
}
