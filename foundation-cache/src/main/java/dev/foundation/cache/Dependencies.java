package dev.foundation.cache;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What an entry depends on: other keys of the same cache, and tags. Invalidating (or re-putting) a key
 * invalidates every entry that depends on it, transitively (cycles terminate); invalidating a tag
 * invalidates every entry carrying it and, transitively, their dependents.
 *
 * <pre>{@code
 * profiles.put("42", profile, Dependencies.on("permissions:42", "preferences:42").tagged("tenant:7"));
 * }</pre>
 *
 * <p>Edges belong to the stored value: an edge {@code x -> k} is recorded whether or not {@code x} is cached, so
 * invalidating {@code x} always reaches {@code k}; but when {@code x} itself is removed, its own edges go with it.
 * If {@code x} was put with {@code on(y)} and then invalidated, a later {@code put(k, v, on(x))} is not reached by
 * invalidating {@code y}; name both when {@code k} must follow {@code y}: {@code Dependencies.on(x, y)}.
 *
 * <p>Immutable: every method returns a new instance.
 *
 * @param <K> the key type
 */
public final class Dependencies<K> {

    private static final Dependencies<Object> NONE = new Dependencies<>(Set.of(), Set.of());

    private final Set<K> keys;
    private final Set<String> tags;

    private Dependencies(Set<K> keys, Set<String> tags) {
        this.keys = keys;
        this.tags = tags;
    }

    /**
     * No dependencies and no tags.
     *
     * @param <K> the key type
     * @return the empty instance
     */
    @SuppressWarnings("unchecked")
    public static <K> Dependencies<K> none() {
        return (Dependencies<K>) NONE;
    }

    /**
     * Depends on the given keys.
     *
     * @param keys the keys, none {@code null}
     * @param <K>  the key type
     * @return the dependencies
     */
    @SafeVarargs
    public static <K> Dependencies<K> on(K... keys) {
        Objects.requireNonNull(keys, "keys");
        Set<K> copy = new LinkedHashSet<>();
        for (K key : keys) {
            copy.add(Objects.requireNonNull(key, "dependency key"));
        }
        return Dependencies.<K>none().and(copy);
    }

    /**
     * Carries the given tags only.
     *
     * @param tags the tags, none {@code null} or blank
     * @param <K>  the key type
     * @return the dependencies
     */
    public static <K> Dependencies<K> tags(String... tags) {
        return Dependencies.<K>none().tagged(tags);
    }

    /**
     * Adds dependencies on more keys.
     *
     * @param more the keys, none {@code null}
     * @return a new instance
     */
    public Dependencies<K> and(Collection<? extends K> more) {
        Objects.requireNonNull(more, "more");
        Set<K> merged = new LinkedHashSet<>(keys);
        for (K key : more) {
            merged.add(Objects.requireNonNull(key, "dependency key"));
        }
        return new Dependencies<>(Set.copyOf(merged), tags);
    }

    /**
     * Adds tags.
     *
     * @param more the tags, none {@code null} or blank
     * @return a new instance
     */
    public Dependencies<K> tagged(String... more) {
        Objects.requireNonNull(more, "more");
        Set<String> merged = new LinkedHashSet<>(tags);
        for (String tag : more) {
            Objects.requireNonNull(tag, "tag");
            if (tag.isBlank()) {
                throw new IllegalArgumentException("tag must not be blank but was '" + tag + "'");
            }
            merged.add(tag);
        }
        return new Dependencies<>(keys, Set.copyOf(merged));
    }

    /**
     * The keys depended on.
     *
     * @return an immutable set
     */
    public Set<K> keys() {
        return keys;
    }

    /**
     * The tags.
     *
     * @return an immutable set
     */
    public Set<String> tagSet() {
        return tags;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dependencies<?> other && keys.equals(other.keys) && tags.equals(other.tags);
    }

    @Override
    public int hashCode() {
        return keys.hashCode() * 31 + tags.hashCode();
    }

    @Override
    public String toString() {
        return "Dependencies[keys=" + keys + ", tags=" + tags + "]";
    }
}
