package dev.foundation.audit;

import dev.foundation.audit.internal.EncryptedCodec;
import dev.foundation.core.Codec;
import java.util.Objects;

/**
 * Codecs of foundation-audit, in the style of {@link dev.foundation.core.Codecs}.
 */
public final class AuditCodecs {

    private AuditCodecs() {
    }

    /**
     * Wraps a codec with authenticated encryption (AES-GCM, 128-bit tag): each value gets a random 96-bit nonce,
     * and its header names the key id (the header is authenticated too). New values use the keyring's
     * {@link Keyring#currentKeyId() current} key; any value decrypts as long as the keyring still holds the key it
     * names, so rotation ({@link Keyring#add(String, byte[])}) needs no re-encryption. Use it for event payloads
     * ({@code StreamSpec.codec}), cache L2/L3 values and workflow outputs.
     *
     * <p>Stored form: {@code 0xAE 1 keyIdLength keyId nonce(12) ciphertext tag(16)}, 31 bytes plus the key id
     * longer than the plain value.
     *
     * @param codec   the codec of the plain value
     * @param keyring the keys
     * @param <T>     the value type
     * @return the encrypting codec; {@code decode} throws {@link DecryptionException} naming the key id if the key
     *         is missing or wrong or the value was altered
     */
    public static <T> Codec<T> encrypted(Codec<T> codec, Keyring keyring) {
        return new EncryptedCodec<>(Objects.requireNonNull(codec, "codec"), Objects.requireNonNull(keyring, "keyring"));
    }

    /**
     * Same as {@code encrypted(codec, Keyring.from(provider))}.
     *
     * @param codec    the codec of the plain value
     * @param provider where the keys come from
     * @param <T>      the value type
     * @return the encrypting codec
     */
    public static <T> Codec<T> encrypted(Codec<T> codec, KeyProvider provider) {
        return encrypted(codec, Keyring.from(provider));
    }
}
