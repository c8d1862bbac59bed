package dev.foundation.audit.internal;

import dev.foundation.audit.DecryptionException;
import dev.foundation.audit.Keyring;
import dev.foundation.core.Codec;
import dev.foundation.core.CodecException;
import dev.foundation.core.Codecs;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-GCM around another codec: {@code 0xAE 1 keyIdLength keyId nonce(12) ciphertext+tag(16)}, the header (magic,
 * version, key id) as additional authenticated data.
 *
 * @param <T> the value type
 */
public final class EncryptedCodec<T> implements Codec<T> {

    private static final byte MAGIC = (byte) 0xAE;
    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES/GCM/NoPadding", e);
        }
    });

    private final Codec<T> inner;
    private final Keyring keyring;
    private final String name;
    /**
     * Whether the plain codec is {@link Codecs#bytes()}: its copies on the way in and out are not needed here (the
     * plaintext is only read by the cipher, and a decrypted array is new and belongs to the caller), and for a
     * 1 KiB value they cost a quarter of a round trip's time.
     */
    private final boolean plainBytes;
    /** The keyring's current key with its header, rebuilt when the keyring rotates. */
    private volatile Current current;

    /** A key id with the header bytes that name it, and its key. */
    private record Current(String keyId, byte[] header, SecretKey key) {
        static Current of(Keyring keyring, String keyId) {
            byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
            byte[] header = new byte[3 + id.length];
            header[0] = MAGIC;
            header[1] = VERSION;
            header[2] = (byte) id.length;
            System.arraycopy(id, 0, header, 3, id.length);
            return new Current(keyId, header, keyring.secretKey(keyId));
        }

        /** Whether {@code bytes} starts with this header. */
        boolean heads(byte[] bytes, int headerLength) {
            return headerLength == header.length && Arrays.equals(bytes, 0, headerLength, header, 0, headerLength);
        }
    }

    /**
     * Wraps a codec.
     *
     * @param inner   the plain codec
     * @param keyring the keys
     */
    public EncryptedCodec(Codec<T> inner, Keyring keyring) {
        this.inner = inner;
        this.keyring = keyring;
        this.name = "encrypted(" + inner.name() + ")";
        this.plainBytes = inner == Codecs.bytes();
        this.current = Current.of(keyring, keyring.currentKeyId());
    }

    /** The current key, looked up again only after the keyring rotated. */
    private Current current() {
        Current c = current;
        String keyId = keyring.currentKeyId();
        if (c.keyId != keyId) {
            c = Current.of(keyring, keyId);
            current = c;
        }
        return c;
    }

    @Override
    public byte[] encode(T value) {
        byte[] plain = plainBytes ? (byte[]) Objects.requireNonNull(value, "value") : inner.encode(value);
        Current cur = current();
        byte[] head = cur.header;
        int header = head.length;
        byte[] out = new byte[header + NONCE + plain.length + TAG_BITS / 8];
        System.arraycopy(head, 0, out, 0, header);
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, header, NONCE);
        try {
            Cipher c = CIPHER.get();
            c.init(Cipher.ENCRYPT_MODE, cur.key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(out, 0, header);
            c.doFinal(plain, 0, plain.length, out, header + NONCE);
        } catch (GeneralSecurityException e) {
            throw new CodecException(name, "encryption with key id '" + cur.keyId + "' failed: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public T decode(byte[] bytes) {
        if (bytes.length < 3 || bytes[0] != MAGIC) {
            throw new CodecException(name, "not an encrypted value (no 0xAE header): written by another codec?", null);
        }
        if (bytes[1] != VERSION) {
            throw new CodecException(name, "unknown encrypted value version " + bytes[1], null);
        }
        int idLength = bytes[2] & 0xFF;
        int header = 3 + idLength;
        if (idLength == 0 || bytes.length < header + NONCE + TAG_BITS / 8) {
            throw new CodecException(name, "encrypted value truncated (" + bytes.length + " bytes)", null);
        }
        Current cur = current;
        String keyId;
        SecretKey key;
        if (cur.heads(bytes, header)) { // the common case: written with the current key
            keyId = cur.keyId;
            key = cur.key;
        } else {
            keyId = new String(bytes, 3, idLength, StandardCharsets.US_ASCII);
            if (!keyring.contains(keyId)) {
                throw new DecryptionException(name, keyId, "the value was encrypted with key id '" + keyId
                        + "', which the keyring does not hold (it holds " + keyring.keyIds()
                        + "): add that key to the keyring to read it", null);
            }
            key = keyring.secretKey(keyId);
        }
        byte[] plain;
        try {
            Cipher c = CIPHER.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, header, NONCE));
            c.updateAAD(bytes, 0, header);
            plain = c.doFinal(bytes, header + NONCE, bytes.length - header - NONCE);
        } catch (AEADBadTagException e) {
            throw new DecryptionException(name, keyId, "authentication failed for a value encrypted with key id '" + keyId
                    + "': the keyring's bytes for that key are wrong, or the value was altered", e);
        } catch (GeneralSecurityException e) {
            throw new DecryptionException(name, keyId, "decryption with key id '" + keyId + "' failed: "
                    + e.getMessage(), e);
        }
        @SuppressWarnings("unchecked") // plainBytes: T is byte[]
        T value = plainBytes ? (T) plain : inner.decode(plain);
        return value;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + " with " + keyring;
    }
}
