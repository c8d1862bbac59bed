package dev.foundation.config.internal;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * An unmodifiable ordered map made from a map that nobody else holds, so that {@link dev.foundation.config.Snapshot}
 * can keep it as it is instead of copying it (a snapshot copies any other map it is given). It may also be made
 * lazily, from a function of immutable inputs run on first access: a snapshot's rendered values and flattened
 * leaves are needed only for diffs, history and display, not to load a configuration.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class FrozenMap<K, V> extends AbstractMap<K, V> {

    /** Makes the map on first access; null once made. */
    private Supplier<LinkedHashMap<K, V>> source;
    private volatile Map<K, V> view;

    private FrozenMap(LinkedHashMap<K, V> owned) {
        this.view = Collections.unmodifiableMap(owned);
    }

    private FrozenMap(Supplier<LinkedHashMap<K, V>> source) {
        this.source = source;
    }

    /**
     * Freezes a map: the caller hands it over and never touches it again.
     *
     * @param owned the map, held by nobody else from now on
     * @param <K>   the key type
     * @param <V>   the value type
     * @return an unmodifiable map with the same entries in the same order
     */
    public static <K, V> Map<K, V> of(LinkedHashMap<K, V> owned) {
        return new FrozenMap<>(owned);
    }

    /**
     * A map made on first access by {@code source}, which must give the same entries whenever it runs and hand
     * its result over.
     *
     * @param source makes the map
     * @param <K>    the key type
     * @param <V>    the value type
     * @return an unmodifiable map with the source's entries in its order
     */
    public static <K, V> Map<K, V> lazy(Supplier<LinkedHashMap<K, V>> source) {
        return new FrozenMap<>(source);
    }

    private Map<K, V> view() {
        Map<K, V> v = view;
        if (v == null) {
            synchronized (this) {
                v = view;
                if (v == null) {
                    v = Collections.unmodifiableMap(source.get());
                    view = v;
                    source = null;
                }
            }
        }
        return v;
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return view().entrySet();
    }

    @Override
    public Set<K> keySet() {
        return view().keySet();
    }

    @Override
    public Collection<V> values() {
        return view().values();
    }

    @Override
    public int size() {
        return view().size();
    }

    @Override
    public V get(Object key) {
        return view().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return view().containsKey(key);
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        view().forEach(action);
    }
}
