package dev.foundation.cache.internal;

import dev.foundation.cache.Tier;
import dev.foundation.core.Codec;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * L3 on Hazelcast: values as {@link Envelope}s in the {@link HazelcastTier}'s map, edges in its multimaps,
 * invalidations on its topic. Key ids travel as their text; a write's edges travel in its envelope, so whoever
 * removes or replaces a value removes exactly that write's edges.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class HazelcastClusterTier<K, V> implements ClusterTier<K, V> {

    private final String cacheName;
    private final HazelcastTier hz;
    private final Codec<V> codec;
    private final long ttlMillis;
    private final Duration lockLease;
    private final Counters counters;
    private volatile boolean closed;

    /**
     * @param cacheName the cache name, for logs
     * @param hz        the Hazelcast structures
     * @param codec     the value codec
     * @param ttlMillis the tier's TTL, {@link Long#MAX_VALUE} for none
     * @param lockLease the cluster load lock's lease, or {@code null} for no lock
     * @param counters  where hits, misses and expired entries are counted
     */
    HazelcastClusterTier(String cacheName, HazelcastTier hz, Codec<V> codec, long ttlMillis, Duration lockLease,
                         Counters counters) {
        this.cacheName = cacheName;
        this.hz = hz;
        this.codec = codec;
        this.ttlMillis = ttlMillis;
        this.lockLease = lockLease;
        this.counters = counters;
    }

    @Override
    public Tier tier() {
        return Tier.L3;
    }

    @Override
    public boolean isPresent() {
        return true;
    }

    @Override
    public Entry<V> find(K key, KeyId id, long now) {
        Envelope.Decoded envelope = Envelope.decode(hz.get(id.text()));
        if (envelope != null) {
            if (envelope.expiresAt() > now) {
                V value = DiskTier.decode(codec, envelope.value(), id, cacheName);
                if (value != null) {
                    counters.tierHits[2].increment();
                    return new Entry<>(value, envelope.expiresAt(), envelope.writtenAt());
                }
            } else {
                counters.l3Expired.increment();
            }
        }
        counters.tierMisses[2].increment();
        return null;
    }

    /** The TTL to give an entry written at {@code now}: the sooner of its expiry and the tier's TTL, 0 for none. */
    private long ttl(Entry<V> e, long now) {
        long deadline = Math.min(e.expiresAt(), Entry.saturatedAdd(now, ttlMillis));
        return deadline == Long.MAX_VALUE ? 0 : Math.max(1, deadline - now);
    }

    private byte[] wrap(Entry<V> e, String token, Collection<String> deps, Collection<String> tags) {
        return Envelope.wrap(codec.encode(e.value()), e.expiresAt(), e.writtenAt(), token, deps, tags);
    }

    /** Plain write without edges (the chain never promotes into L3; kept for the tier contract). */
    @Override
    public void put(K key, KeyId id, Entry<V> entry, long now) {
        put(id, entry, Edges.NONE, now);
    }

    @Override
    public Edges recordEdges(KeyId id, Set<KeyId> deps, Set<String> tags) {
        if (deps.isEmpty() && tags.isEmpty()) {
            return Edges.NONE;
        }
        Set<String> depTexts = new HashSet<>();
        deps.forEach(d -> depTexts.add(d.text()));
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String token = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
        boolean recorded = hz.addEdges(id.text() + "#" + token, depTexts, tags);
        return new Edges(token, depTexts, tags, recorded);
    }

    @Override
    public Envelope.Decoded put(KeyId id, Entry<V> entry, Edges edges, long now) {
        return Envelope.decode(hz.put(id.text(), wrap(entry, edges.token(), edges.deps(), edges.tags()),
                ttl(entry, now)));
    }

    @Override
    public Entry<V> putIfAbsent(KeyId id, Entry<V> entry, long now) {
        Envelope.Decoded there = Envelope.decode(hz.putIfAbsent(id.text(), wrap(entry, "", Set.of(), Set.of()),
                ttl(entry, now)));
        V value = there == null || there.expiresAt() <= now ? null
                : DiskTier.decode(codec, there.value(), id, cacheName);
        // another node wrote first: keep its value here too, so the tiers agree
        return value == null ? entry : new Entry<>(value, there.expiresAt(), there.writtenAt());
    }

    @Override
    public void refresh(KeyId id, Entry<V> entry, long now) {
        byte[] current = hz.get(id.text());
        Envelope.Decoded was = Envelope.decode(current);
        if (was == null) {
            hz.putIfAbsent(id.text(), wrap(entry, "", Set.of(), Set.of()), ttl(entry, now));
        } else {
            hz.replace(id.text(), current, wrap(entry, was.token(), was.deps(), was.tags()),
                    ttl(entry, now));
        }
    }

    @Override
    public void remove(K key, KeyId id) {
        hz.remove(id.text());
    }

    @Override
    public Envelope.Decoded take(KeyId id) {
        return Envelope.decode(hz.remove(id.text()));
    }

    @Override
    public String forget(KeyId id, Envelope.Decoded removed) {
        if (removed == null || removed.token().isEmpty()) {
            return id.text();
        }
        String member = id.text() + "#" + removed.token();
        if (removed.hasEdges()) {
            hz.removeEdges(member, removed.deps(), removed.tags());
        }
        return member;
    }

    @Override
    public Set<KeyId> dependentsOf(KeyId id) {
        return ids(hz.dependentsOf(id.text()));
    }

    @Override
    public Set<KeyId> tagged(String tag) {
        return ids(hz.tagged(tag));
    }

    private static Set<KeyId> ids(Set<String> texts) {
        Set<KeyId> ids = new HashSet<>();
        texts.forEach(t -> ids.add(KeyId.ofText(t)));
        return ids;
    }

    @Override
    public void publish(List<String> entries) {
        hz.publish(entries);
    }

    @Override
    public void publishWrite(KeyId id) {
        hz.publish(List.of(id.text()));
    }

    @Override
    public void subscribe(Consumer<String[]> onRemote) {
        hz.subscribe(onRemote);
    }

    @Override
    public void onCircuitChange(Consumer<String> onOpen, Runnable onClose) {
        hz.onCircuitChange(onOpen, onClose);
    }

    @Override
    public boolean tryLock(KeyId id) {
        return lockLease != null && hz.tryLock(id.text(), lockLease);
    }

    @Override
    public void unlock(KeyId id) {
        hz.unlock(id.text());
    }

    @Override
    public String circuitState() {
        return hz.circuitState();
    }

    @Override
    public String problem() {
        String state = hz.circuitState();
        return "CLOSED".equals(state) ? null
                : "L3 circuit breaker " + state + ": serving from the local tiers and the loader";
    }

    @Override
    public void clear() {
        // the cluster's data is shared: a node never clears it
    }

    /** Entries found expired by a read here, plus Hazelcast's own count for this member (until closed). */
    @Override
    public long evictions() {
        return counters.l3Expired.sum() + (closed ? 0 : hz.localEvictions());
    }

    @Override
    public void bindMeters(MeterRegistry registry, String name, List<Meter> into) {
        into.add(Gauge.builder("foundation.cache.l3.circuit.state", hz, HazelcastTier::circuitStateCode)
                .tags("cache", name).description("0 closed, 1 open, 2 half-open, 3 other").register(registry));
        into.add(FunctionCounter.builder("foundation.cache.l3.failures", hz, HazelcastTier::failures)
                .tags("cache", name).register(registry));
    }

    @Override
    public void close() {
        closed = true;
        hz.close();
    }
}
