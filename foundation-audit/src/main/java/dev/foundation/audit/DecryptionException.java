package dev.foundation.audit;

import dev.foundation.core.CodecException;

/**
 * An encrypted value could not be decrypted: the keyring lacks the key it names, or the key's bytes are wrong,
 * or the value was altered (AES-GCM authentication failed). Never a silently wrong value. The message names the
 * key id; it never holds key material.
 *
 * <p>It is a {@link CodecException} (what every {@link dev.foundation.core.Codec#decode(byte[])} throws on bad
 * input), so stores and streams report it like any undecodable value.
 */
public class DecryptionException extends CodecException {

    private static final long serialVersionUID = 1L;

    /** The key id the value names. */
    private final String keyId;

    /**
     * Creates an exception.
     *
     * @param codecName the codec's name
     * @param keyId     the key id the value was encrypted with
     * @param message   what went wrong and what to do
     * @param cause     the underlying failure, or {@code null}
     */
    public DecryptionException(String codecName, String keyId, String message, Throwable cause) {
        super(codecName, message, cause);
        this.keyId = keyId;
    }

    /**
     * The key id the value was encrypted with.
     *
     * @return the id
     */
    public String keyId() {
        return keyId;
    }
}
