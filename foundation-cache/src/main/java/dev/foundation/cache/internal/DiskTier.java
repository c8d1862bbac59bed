package dev.foundation.cache.internal;

import dev.foundation.cache.Tier;
import dev.foundation.core.Codec;
import dev.foundation.core.CodecException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * L2: the SQLite file of {@link SqliteStore}, addressed by key id text, values in codec bytes, each row bounded by
 * the entry's expiry and the tier's own TTL. An undecodable row is dropped when read.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class DiskTier<K, V> implements CacheTier<K, V> {

    private static final Logger LOG = LoggerFactory.getLogger(DiskTier.class);

    private final String cacheName;
    private final SqliteStore store;
    private final Codec<V> codec;
    private final long ttlMillis;
    private final Counters counters;

    /**
     * @param cacheName the cache name, for logs
     * @param store     the open store
     * @param codec     the value codec
     * @param ttlMillis the tier's TTL, {@link Long#MAX_VALUE} for none
     * @param counters  where hits and misses are counted
     */
    DiskTier(String cacheName, SqliteStore store, Codec<V> codec, long ttlMillis, Counters counters) {
        this.cacheName = cacheName;
        this.store = store;
        this.codec = codec;
        this.ttlMillis = ttlMillis;
        this.counters = counters;
    }

    @Override
    public Tier tier() {
        return Tier.L2;
    }

    @Override
    public boolean isPresent() {
        return true;
    }

    @Override
    public Entry<V> find(K key, KeyId id, long now) {
        SqliteStore.Row row = store.get(id.text(), now);
        if (row != null && row.expiresAt() > now) {
            V value = decode(codec, row.value(), id, cacheName);
            if (value != null) {
                counters.tierHits[1].increment();
                return new Entry<>(value, row.expiresAt(), row.writtenAt());
            }
            store.remove(id.text());
        }
        counters.tierMisses[1].increment();
        return null;
    }

    /** Decodes a value, or logs and returns {@code null} if the bytes are not one. */
    static <V> V decode(Codec<V> codec, byte[] bytes, KeyId id, String cacheName) {
        try {
            return codec.decode(bytes);
        } catch (CodecException e) {
            LOG.warn("cache '{}': undecodable value for key id {} dropped ({})", cacheName, id, e.getMessage());
            return null;
        }
    }

    @Override
    public void put(K key, KeyId id, Entry<V> entry, long now) {
        long deadline = Math.min(entry.expiresAt(), Entry.saturatedAdd(now, ttlMillis));
        store.put(id.text(), codec.encode(entry.value()), entry.expiresAt(), deadline, entry.writtenAt(), now);
    }

    @Override
    public void remove(K key, KeyId id) {
        store.remove(id.text());
    }

    @Override
    public void clear() {
        store.clear();
    }

    @Override
    public long evictions() {
        return store.evictions();
    }

    @Override
    public long writesSkipped() {
        return store.writesSkipped();
    }

    @Override
    public void bindMeters(MeterRegistry registry, String name, List<Meter> into) {
        into.add(Gauge.builder("foundation.cache.l2.unavailable", () -> 0).tags("cache", name)
                .description("1 when the configured L2 could not be opened").register(registry));
        into.add(Gauge.builder("foundation.cache.l2.bytes", store, SqliteStore::bytes)
                .tags("cache", name).baseUnit("bytes").register(registry));
        into.add(FunctionCounter.builder("foundation.cache.l2.writes.skipped", store, SqliteStore::writesSkipped)
                .tags("cache", name).register(registry));
    }

    @Override
    public void close() {
        store.close();
    }
}
