package dev.foundation.cache.internal;

import dev.foundation.core.Codec;
import java.util.Base64;

/**
 * The identity of a key across tiers and nodes: the URL-safe Base64 of its codec encoding, or the key
 * object itself when the cache has no key codec (L1 only).
 *
 * @param <K> the key type
 */
final class KeyIds<K> {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Codec<K> codec;

    KeyIds(Codec<K> codec) {
        this.codec = codec;
    }

    Object id(K key) {
        return codec == null ? key : ENCODER.encodeToString(codec.encode(key));
    }

    @SuppressWarnings("unchecked")
    K key(Object id) {
        return codec == null ? (K) id : codec.decode(DECODER.decode((String) id));
    }
}
