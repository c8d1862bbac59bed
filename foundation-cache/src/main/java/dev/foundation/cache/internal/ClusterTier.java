package dev.foundation.cache.internal;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * L3, the tier shared by the nodes: besides values it holds the shared dependency graph, carries invalidations to
 * the other nodes and offers a per-key load lock. {@link HazelcastClusterTier} is the one implementation; a cache
 * without L3 uses an {@link AbsentTier}, which records no edge, publishes nothing and never locks.
 *
 * @param <K> key type
 * @param <V> value type
 */
interface ClusterTier<K, V> extends CacheTier<K, V> {

    /**
     * Records the edges of a put in the shared graph before its value is written (a cascade that sees them
     * removes the value whenever it lands).
     *
     * @return the edges with a fresh token, or {@link Edges#NONE} if there are none or the cache has no L3
     */
    Edges recordEdges(KeyId id, Set<KeyId> deps, Set<String> tags);

    /**
     * Writes an explicit put, replacing whatever is there.
     *
     * @return the write it replaced, or {@code null}
     */
    Envelope.Decoded put(KeyId id, Entry<V> entry, Edges edges, long now);

    /**
     * Writes a loaded value unless the key has one (a load must not replace a put made meanwhile).
     *
     * @return the entry the tier now holds: another node's live value if it wrote first, else {@code entry}
     */
    Entry<V> putIfAbsent(KeyId id, Entry<V> entry, long now);

    /** Replaces the value read just before with a refreshed one, keeping that write's edges. */
    void refresh(KeyId id, Entry<V> entry, long now);

    /**
     * Removes a key's value (under its stripe lock).
     *
     * @return the write removed, or {@code null}
     */
    Envelope.Decoded take(KeyId id);

    /**
     * Removes the shared edges of a write whose value was just removed or replaced (outside the stripe lock).
     *
     * @return the entry to publish: the key id, and {@code '#'} and the write's token if it had one
     */
    String forget(KeyId id, Envelope.Decoded removed);

    /** The ids that depend directly on {@code id} in the shared graph. */
    Set<KeyId> dependentsOf(KeyId id);

    /** The ids carrying {@code tag} in the shared graph. */
    Set<KeyId> tagged(String tag);

    /** Tells the other nodes that these entries (from {@link #forget}) were removed or replaced. */
    void publish(List<String> entries);

    /** Tells the other nodes that a key was rewritten in place (a refresh). */
    void publishWrite(KeyId id);

    /** Calls {@code onRemote} with the entries of every other node's invalidation message. */
    void subscribe(Consumer<String[]> onRemote);

    /** Calls {@code onOpen} when the circuit breaker opens, {@code onClose} when it closes again. */
    void onCircuitChange(Consumer<String> onOpen, Runnable onClose);

    /** Takes the cluster-wide load lock of a key, if the cache is configured with one. */
    boolean tryLock(KeyId id);

    /** Releases the load lock taken by this thread. */
    void unlock(KeyId id);

    /** The circuit breaker's state name, {@code NONE} without L3. */
    String circuitState();
}
