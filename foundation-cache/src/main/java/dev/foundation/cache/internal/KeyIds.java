package dev.foundation.cache.internal;

import dev.foundation.core.Codec;
import java.util.Base64;

/**
 * Maps keys to their {@link KeyId} and back: the URL-safe Base64 of the key codec's encoding, or the key object
 * itself when the cache has no key codec (L1 only).
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

    KeyId id(K key) {
        return codec == null ? KeyId.ofKey(key) : KeyId.ofText(ENCODER.encodeToString(codec.encode(key)));
    }

    /**
     * The key of an id.
     *
     * @throws dev.foundation.core.CodecException if the codec cannot decode it
     * @throws IllegalArgumentException            if the text is not Base64
     */
    @SuppressWarnings("unchecked") // an unencoded id only ever holds a K, made by id(K) of this cache
    K key(KeyId id) {
        return codec == null ? (K) id.key() : codec.decode(DECODER.decode(id.text()));
    }
}
