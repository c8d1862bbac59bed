package dev.foundation.cache.internal;

import dev.foundation.cache.Dependencies;
import dev.foundation.core.CodecException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts and invalidations: the dependency graph (this node's {@link LocalGraph} and L3's shared one) and the one
 * cascade that {@code invalidate}, {@code invalidateTag} and a put's dependents all go through, plus the
 * invalidations other nodes publish.
 *
 * <p>A put against a concurrent cascade from another node: the put records its edges in L3 (tagged with a token
 * of its own) before it writes the value, and whoever removes or replaces a value removes the edges of that
 * value's write only. So a cascade that saw the new edges removes the value whenever it lands (both gone), and a
 * cascade that removed the value before it landed leaves the new edges in place (value reachable).
 *
 * @param <K> key type
 * @param <V> value type
 */
final class Invalidator<K, V> {

    private static final Logger LOG = LoggerFactory.getLogger(Invalidator.class);

    private final String name;
    private final Clock clock;
    private final KeyIds<K> ids;
    private final TierChain<K, V> tiers;
    private final ClusterTier<K, V> cluster;
    private final StripedVersions stripes;
    private final LocalGraph graph = new LocalGraph();
    private final Counters counters;
    private final Consumer<K> forgetNegative;
    private final BooleanSupplier closed;

    /**
     * @param name           the cache name, for logs
     * @param clock          the clock
     * @param ids            key ids
     * @param tiers          the tiers
     * @param stripes        the stripe versions shared with the loads
     * @param counters       where invalidations are counted
     * @param forgetNegative drops a key's remembered load failure or absence (a {@code null} key is ignored)
     * @param closed         whether the cache is closed
     */
    Invalidator(String name, Clock clock, KeyIds<K> ids, TierChain<K, V> tiers, StripedVersions stripes,
                Counters counters, Consumer<K> forgetNegative, BooleanSupplier closed) {
        this.name = name;
        this.clock = clock;
        this.ids = ids;
        this.tiers = tiers;
        this.cluster = tiers.cluster();
        this.stripes = stripes;
        this.counters = counters;
        this.forgetNegative = forgetNegative;
        this.closed = closed;
    }

    /**
     * Stores a value in every tier with its edges, after invalidating the key's dependents.
     *
     * @param newEntry makes the entry of the value, when it is about to be written
     */
    void put(K key, V value, Dependencies<K> dependencies, Function<V, Entry<V>> newEntry) {
        KeyId id = ids.id(key);
        Set<KeyId> depIds = new HashSet<>();
        for (K dep : dependencies.keys()) {
            depIds.add(ids.id(dep));
        }
        List<String> published = cascade(Set.of(id), id);
        Edges edges = cluster.recordEdges(id, depIds, dependencies.tagSet());
        Entry<V> entry = newEntry.apply(value);
        int stripe = id.stripe();
        Envelope.Decoded replaced;
        synchronized (stripes.lock(stripe)) {
            stripes.bump(stripe);
            forgetNegative.accept(key);
            graph.replaceEdges(id, edges.token(), depIds, dependencies.tagSet());
            long now = clock.millis();
            if (edges.recorded()) {
                replaced = tiers.put(key, id, entry, edges, now);
            } else {
                // the edges could not be recorded in L3: keep the value on this node only, where its edges are
                tiers.putLocal(key, id, entry, now);
                replaced = cluster.take(id);
                LOG.warn("cache '{}': could not record the dependencies of key '{}' in L3; the value is kept on this "
                        + "node only", name, key);
            }
        }
        published.add(cluster.forget(id, replaced));
        cluster.publish(published);
    }

    /** Removes keys and, transitively, their dependents from every tier on every node. */
    void invalidate(Collection<? extends K> keys) {
        Set<KeyId> start = new HashSet<>();
        for (K key : keys) {
            start.add(ids.id(key));
        }
        removeClosure(start);
    }

    /** Removes the entries carrying a tag and, transitively, their dependents. */
    void invalidateTag(String tag) {
        // each member's tag edge goes with its value (removeEverywhere); the tag itself is not dropped at once, so
        // a put adding it concurrently keeps its edge
        Set<KeyId> members = new HashSet<>(graph.tagged(tag));
        members.addAll(cluster.tagged(tag));
        removeClosure(members);
    }

    private void removeClosure(Set<KeyId> start) {
        if (!start.isEmpty()) {
            cluster.publish(cascade(start, null));
        }
    }

    /**
     * The one invalidation cascade: removes the given ids and everything depending on them, transitively, except
     * {@code keep} (a put's own key), from every tier.
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

    /** The given ids plus everything depending on them, here or in L3, transitively; visited ids are not revisited. */
    private Set<KeyId> closure(Set<KeyId> start) {
        Set<KeyId> visited = new LinkedHashSet<>(start);
        Deque<KeyId> queue = new ArrayDeque<>(start);
        while (!queue.isEmpty()) {
            KeyId id = queue.poll();
            Set<KeyId> next = new HashSet<>(graph.dependentsOf(id));
            next.addAll(cluster.dependentsOf(id));
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
        Envelope.Decoded removed;
        synchronized (stripes.lock(stripe)) {
            dropLocal(key, id, stripe);
            graph.removeEdges(id);
            removed = cluster.take(id);
        }
        return cluster.forget(id, removed);
    }

    /**
     * Another node removed or replaced these keys (each: key id, optionally {@code '#'} and the token of the write
     * it removed). Drops them from L1 and L2; drops a key's local edges only if they belong to that very write, so
     * a message that arrives after a newer local put keeps the newer put's edges.
     */
    void onRemoteInvalidation(String[] entries) {
        if (closed.getAsBoolean()) {
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

    /**
     * Drops a key from this node's tiers and negative cache and bumps its stripe, so no load or promotion started
     * before stores its result; the caller holds the stripe lock.
     */
    private void dropLocal(K key, KeyId id, int stripe) {
        stripes.bump(stripe);
        forgetNegative.accept(key);
        tiers.removeLocal(key, id);
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
}
