package dev.foundation.audit;

import java.util.List;

/**
 * Where keys come from: a secrets manager, a KMS, configuration {@code Secret}s, a file. Implement it to feed a
 * {@link Keyring} ({@link Keyring#from(KeyProvider)}).
 *
 * <p>Implementations must never log key bytes; foundation-audit never does.
 */
public interface KeyProvider {

    /**
     * The ids of the keys this provider holds, oldest first: the last one is the current key, used for new
     * writes (encryption, checkpoint signatures); the others only decrypt and verify what they wrote.
     *
     * @return the key ids, at least one
     */
    List<String> keyIds();

    /**
     * The bytes of a key: 16, 24 or 32 bytes (AES-128/192/256).
     *
     * @param keyId one of {@link #keyIds()}
     * @return the key bytes (the caller copies them)
     * @throws IllegalArgumentException if the provider has no such key
     */
    byte[] keyBytes(String keyId);
}
