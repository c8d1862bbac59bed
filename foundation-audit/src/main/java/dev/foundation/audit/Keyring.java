package dev.foundation.audit;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Named symmetric keys, in the order they were added: the newest is the <em>current</em> key, which new writes
 * use (values encrypted by {@link AuditCodecs#encrypted(dev.foundation.core.Codec, Keyring)}, checkpoints signed
 * by an {@link AuditTrail}); older keys still decrypt and verify what they wrote. Rotation is
 * {@link #add(String, byte[])}: it makes the new key current without restarting anything.
 *
 * <pre>{@code
 * Keyring keys = Keyring.builder()
 *     .keyBase64("2026-11", System.getenv("AUDIT_KEY_2026_11"))
 *     .keyBase64("2026-12", System.getenv("AUDIT_KEY_2026_12"))   // current
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe. Key bytes are copied in and never logged, printed or put in an exception message:
 * {@link #toString()} lists key ids only.
 */
public final class Keyring {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** Key id to key, oldest first; replaced as a whole on {@link #add}. */
    private volatile Map<String, SecretKey> keys;
    /** The newest key's id. */
    private volatile String current;

    private Keyring(Map<String, SecretKey> keys, String current) {
        this.keys = keys;
        this.current = current;
    }

    /**
     * A new builder.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A keyring holding the keys a {@link KeyProvider} gives, in its order (the last is current).
     *
     * @param provider the provider
     * @return the keyring
     * @throws IllegalArgumentException if the provider gives no key, an invalid id or a key of the wrong size
     */
    public static Keyring from(KeyProvider provider) {
        Objects.requireNonNull(provider, "provider");
        List<String> ids = Objects.requireNonNull(provider.keyIds(), "provider.keyIds()");
        Builder b = builder();
        for (String id : ids) {
            b.key(id, Objects.requireNonNull(provider.keyBytes(id), "provider.keyBytes(" + id + ")"));
        }
        return b.build();
    }

    /**
     * The current key's id: what new writes use.
     *
     * @return the id
     */
    public String currentKeyId() {
        return current;
    }

    /**
     * The key ids, oldest first.
     *
     * @return an unmodifiable list
     */
    public List<String> keyIds() {
        return Collections.unmodifiableList(new ArrayList<>(keys.keySet()));
    }

    /**
     * Whether the keyring holds a key.
     *
     * @param keyId the id
     * @return {@code true} if present
     */
    public boolean contains(String keyId) {
        return keyId != null && keys.containsKey(keyId);
    }

    /**
     * The key of an id, as an AES {@link SecretKey}.
     *
     * @param keyId the id
     * @return the key
     * @throws IllegalArgumentException if the keyring holds no such key (the message names the id and the ids
     *                                  it does hold)
     */
    public SecretKey secretKey(String keyId) {
        SecretKey k = keys.get(keyId);
        if (k == null) {
            throw new IllegalArgumentException("keyId '" + keyId + "' is not in the keyring (it holds "
                    + keys.keySet() + "): add the key that was used to write this data");
        }
        return k;
    }

    /**
     * Rotates: adds a key and makes it current. Values and checkpoints written before keep decrypting and
     * verifying with the older keys.
     *
     * @param keyId a new id: 1 to 64 of {@code A-Z a-z 0-9 . _ : -}
     * @param key   16, 24 or 32 bytes (copied)
     * @return this keyring
     * @throws IllegalArgumentException if the id is invalid or taken, or the key has the wrong size
     */
    public synchronized Keyring add(String keyId, byte[] key) {
        Map<String, SecretKey> next = new LinkedHashMap<>(keys);
        put(next, keyId, key);
        keys = Collections.unmodifiableMap(next);
        current = keyId;
        return this;
    }

    private static void put(Map<String, SecretKey> map, String keyId, byte[] key) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(key, "key");
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("keyId must be 1 to 64 of A-Z a-z 0-9 . _ : - but was '" + keyId + "'");
        }
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("key '" + keyId + "' must be 16, 24 or 32 bytes but was " + key.length
                    + " bytes");
        }
        if (map.containsKey(keyId)) {
            throw new IllegalArgumentException("keyId '" + keyId + "' is already in the keyring: key ids are never"
                    + " reused, as stored data names the key it was written with");
        }
        map.put(keyId, new SecretKeySpec(key.clone(), "AES"));
    }

    /** Key ids only: never key material. */
    @Override
    public String toString() {
        return "Keyring" + keys.keySet() + " current=" + current;
    }

    /** Builds a {@link Keyring}; keys are added oldest first. */
    public static final class Builder {
        private final Map<String, SecretKey> keys = new LinkedHashMap<>();
        private String last;

        private Builder() {
        }

        /**
         * Adds a key (the last added is current).
         *
         * @param keyId 1 to 64 of {@code A-Z a-z 0-9 . _ : -}, unique
         * @param key   16, 24 or 32 bytes (copied)
         * @return this builder
         */
        public Builder key(String keyId, byte[] key) {
            put(keys, keyId, key);
            last = keyId;
            return this;
        }

        /**
         * Adds a key given in Base64 (standard alphabet, padding optional).
         *
         * @param keyId  the id
         * @param base64 the key bytes in Base64
         * @return this builder
         * @throws IllegalArgumentException if the text is not Base64 (the message does not repeat it)
         */
        public Builder keyBase64(String keyId, String base64) {
            Objects.requireNonNull(base64, "base64");
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(base64.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key '" + keyId + "' is not valid Base64", null);
            }
            return key(keyId, bytes);
        }

        /**
         * Builds the keyring.
         *
         * @return the keyring
         * @throws IllegalStateException if no key was added
         */
        public Keyring build() {
            if (keys.isEmpty()) {
                throw new IllegalStateException("a keyring needs at least one key: call key(...) or keyBase64(...)");
            }
            return new Keyring(Collections.unmodifiableMap(new LinkedHashMap<>(keys)), last);
        }
    }
}
