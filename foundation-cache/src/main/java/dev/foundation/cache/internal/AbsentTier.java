package dev.foundation.cache.internal;

import dev.foundation.cache.Tier;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A tier the cache does not have (not configured) or could not open (an L2 directory that cannot be used): finds
 * nothing, stores nothing, counts nothing, records no edge, publishes nothing and never locks.
 *
 * @param <K> key type
 * @param <V> value type
 */
class AbsentTier<K, V> implements ClusterTier<K, V> {

    private final Tier tier;
    private final String problem;

    /**
     * @param tier    the tier it stands for
     * @param problem why the configured tier is missing, or {@code null} if it was not configured
     */
    AbsentTier(Tier tier, String problem) {
        this.tier = tier;
        this.problem = problem;
    }

    /** A tier that was not configured. */
    static <K, V> AbsentTier<K, V> of(Tier tier) {
        return new AbsentTier<>(tier, null);
    }

    @Override
    public Tier tier() {
        return tier;
    }

    @Override
    public boolean isPresent() {
        return false;
    }

    @Override
    public Entry<V> find(K key, KeyId id, long now) {
        return null;
    }

    @Override
    public void put(K key, KeyId id, Entry<V> entry, long now) {
    }

    @Override
    public void remove(K key, KeyId id) {
    }

    @Override
    public void clear() {
    }

    @Override
    public long evictions() {
        return 0;
    }

    @Override
    public String problem() {
        return problem;
    }

    /** A configured L2 that could not be opened reports {@code foundation.cache.l2.unavailable = 1}. */
    @Override
    public void bindMeters(MeterRegistry registry, String cacheName, List<Meter> into) {
        if (tier == Tier.L2 && problem != null) {
            into.add(Gauge.builder("foundation.cache.l2.unavailable", () -> 1).tags("cache", cacheName)
                    .description("1 when the configured L2 could not be opened").register(registry));
        }
    }

    @Override
    public Edges recordEdges(KeyId id, Set<KeyId> deps, Set<String> tags) {
        return Edges.NONE;
    }

    @Override
    public Envelope.Decoded put(KeyId id, Entry<V> entry, Edges edges, long now) {
        return null;
    }

    @Override
    public Entry<V> putIfAbsent(KeyId id, Entry<V> entry, long now) {
        return entry;
    }

    @Override
    public void refresh(KeyId id, Entry<V> entry, long now) {
    }

    @Override
    public Envelope.Decoded take(KeyId id) {
        return null;
    }

    @Override
    public String forget(KeyId id, Envelope.Decoded removed) {
        return "";
    }

    @Override
    public Set<KeyId> dependentsOf(KeyId id) {
        return Set.of();
    }

    @Override
    public Set<KeyId> tagged(String tag) {
        return Set.of();
    }

    @Override
    public void publish(List<String> entries) {
    }

    @Override
    public void publishWrite(KeyId id) {
    }

    @Override
    public void subscribe(Consumer<String[]> onRemote) {
    }

    @Override
    public void onCircuitChange(Consumer<String> onOpen, Runnable onClose) {
    }

    @Override
    public boolean tryLock(KeyId id) {
        return false;
    }

    @Override
    public void unlock(KeyId id) {
    }

    @Override
    public String circuitState() {
        return "NONE";
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return tier + " absent" + (problem == null ? "" : " (" + problem + ")");
    }
}
