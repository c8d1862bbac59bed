package dev.foundation.cache.internal;

import java.util.Objects;

/**
 * The identity of a key across tiers, nodes and the dependency graph: the URL-safe Base64 text of the key's codec
 * encoding (what L2 and L3 store and invalidation messages carry), or, in a cache without a key codec (L1 only),
 * the key object itself. Two ids are equal when their keys encode to the same bytes.
 */
final class KeyId {

    private final Object identity;

    private KeyId(Object identity) {
        this.identity = Objects.requireNonNull(identity, "identity");
    }

    /**
     * The id of an encoded key, as stored in L2 and L3 and carried by invalidation messages.
     *
     * @param text the Base64 text
     * @return the id
     */
    static KeyId ofText(String text) {
        return new KeyId(text);
    }

    /**
     * The id of a key in a cache without a key codec: the key itself.
     *
     * @param key the key
     * @return the id
     */
    static KeyId ofKey(Object key) {
        return new KeyId(new Unencoded(key));
    }

    /** Whether this id has a text form (the cache has a key codec). */
    boolean isEncoded() {
        return identity instanceof String;
    }

    /**
     * The text form, for L2, L3 and invalidation messages.
     *
     * @return the text
     * @throws IllegalStateException if the cache has no key codec
     */
    String text() {
        if (identity instanceof String text) {
            return text;
        }
        throw new IllegalStateException("key id " + identity + " has no text form: the cache has no key codec");
    }

    /** The key object of an id made by {@link #ofKey(Object)}. */
    Object key() {
        if (identity instanceof Unencoded u) {
            return u.key();
        }
        throw new IllegalStateException("key id " + identity + " is encoded; decode it with the key codec");
    }

    /** The stripe of {@link StripedVersions} this id belongs to. */
    int stripe() {
        return StripedVersions.stripe(identity);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyId other && identity.equals(other.identity);
    }

    @Override
    public int hashCode() {
        return identity.hashCode();
    }

    @Override
    public String toString() {
        return identity.toString();
    }

    /** A key kept as itself; never equal to a text id, even one spelling the same characters. */
    private record Unencoded(Object key) {
        @Override
        public String toString() {
            return String.valueOf(key);
        }
    }
}
