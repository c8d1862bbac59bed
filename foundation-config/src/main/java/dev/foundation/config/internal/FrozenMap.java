package dev.foundation.config.internal;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An unmodifiable ordered map made from a map that nobody else holds, so that {@link dev.foundation.config.Snapshot}
 * can keep it as it is instead of copying it (a snapshot copies any other map it is given).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class FrozenMap<K, V> extends AbstractMap<K, V> {

    private final Map<K, V> view;

    private FrozenMap(LinkedHashMap<K, V> owned) {
        this.view = Collections.unmodifiableMap(owned);
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

    @Override
    public Set<Entry<K, V>> entrySet() {
        return view.entrySet();
    }

    @Override
    public Set<K> keySet() {
        return view.keySet();
    }

    @Override
    public Collection<V> values() {
        return view.values();
    }

    @Override
    public int size() {
        return view.size();
    }

    @Override
    public V get(Object key) {
        return view.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return view.containsKey(key);
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        view.forEach(action);
    }
}
