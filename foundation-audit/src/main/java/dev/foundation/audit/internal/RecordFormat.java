package dev.foundation.audit.internal;

import dev.foundation.audit.Keyring;
import dev.foundation.audit.Outcome;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The stored form of a trail record, which is exactly what is hashed. Big-endian:
 * <pre>
 * 'A' 1 type:u8 sequence:i64 epochSecond:i64 nano:i32 previousHash:32 bytes
 * entry (type 0):      actor operation resource outcome:str attributeCount:i32 (key value)*   (sorted by key)
 * checkpoint (type 1): keyId:str mac:32 bytes   mac = HMAC-SHA256(signing key, every byte before the mac)
 * str = length:i32 UTF-8 bytes
 * </pre>
 * A record's hash is the SHA-256 of all its bytes; the next record carries it as its previous hash, and the
 * first record of a trail carries 32 zero bytes.
 */
public final class RecordFormat {

    /** The first byte of every record. */
    static final byte MAGIC = 'A';
    /** The format version. */
    static final byte VERSION = 1;
    /** An audited operation. */
    public static final byte ENTRY = 0;
    /** A signed checkpoint. */
    public static final byte CHECKPOINT = 1;
    /** Bytes of a hash and of a MAC. */
    public static final int HASH_BYTES = 32;
    /** The previous hash of a trail's first record. */
    public static final byte[] GENESIS = new byte[HASH_BYTES];
    /** Longest string field, in UTF-8 bytes. */
    public static final int MAX_STRING_BYTES = 64 * 1024;
    /** Most attributes on one record. */
    public static final int MAX_ATTRIBUTES = 256;

    private static final byte[] SIGNING_LABEL = "foundation-audit/checkpoint-signing/v1".getBytes(StandardCharsets.UTF_8);

    private RecordFormat() {
    }

    /** A record that could not be parsed. */
    public static final class MalformedRecordException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedRecordException(String message) {
            super(message);
        }
    }

    /**
     * A parsed record.
     *
     * @param type         {@link #ENTRY} or {@link #CHECKPOINT}
     * @param sequence     the sequence
     * @param timestamp    the time
     * @param previousHash the previous record's hash
     * @param actor        entry: the actor
     * @param operation    entry: the operation
     * @param resource     entry: the resource
     * @param outcome      entry: the outcome
     * @param attributes   entry: the attributes
     * @param keyId        checkpoint: the signing key id
     * @param mac          checkpoint: the MAC
     * @param macInputLength checkpoint: how many leading bytes the MAC covers
     * @param hash         the SHA-256 of the stored bytes
     */
    public record Parsed(byte type, long sequence, Instant timestamp, byte[] previousHash, String actor,
                         String operation, String resource, Outcome outcome, SortedMap<String, String> attributes,
                         String keyId, byte[] mac, int macInputLength, byte[] hash) {
    }

    /**
     * SHA-256 of bytes.
     *
     * @param bytes the bytes
     * @return the digest
     */
    public static byte[] sha256(byte[] bytes) {
        return SHA256.get().digest(bytes);
    }

    /** One digest per thread: {@code getInstance} costs a provider lookup, and appends hash under a lock. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    });

    /**
     * Encodes an entry.
     *
     * @param sequence     the sequence
     * @param timestamp    the time
     * @param previousHash the previous hash
     * @param actor        the actor
     * @param operation    the operation
     * @param resource     the resource
     * @param outcome      the outcome
     * @param attributes   the attributes
     * @return the stored bytes
     */
    public static byte[] encodeEntry(long sequence, Instant timestamp, byte[] previousHash, String actor,
                                     String operation, String resource, Outcome outcome,
                                     Map<String, String> attributes) {
        byte[] a = utf8(actor);
        byte[] o = utf8(operation);
        byte[] r = utf8(resource);
        byte[] oc = utf8(outcome.name());
        SortedMap<String, String> sorted = new TreeMap<>(attributes);
        byte[][] kv = new byte[sorted.size() * 2][];
        int size = header() + 4 * 4 + a.length + o.length + r.length + oc.length + 4;
        int i = 0;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            kv[i] = utf8(e.getKey());
            kv[i + 1] = utf8(e.getValue());
            size += 8 + kv[i].length + kv[i + 1].length;
            i += 2;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        putHeader(b, ENTRY, sequence, timestamp, previousHash);
        putStr(b, a);
        putStr(b, o);
        putStr(b, r);
        putStr(b, oc);
        b.putInt(sorted.size());
        for (byte[] x : kv) {
            putStr(b, x);
        }
        return b.array();
    }

    /**
     * Writes the sequence, timestamp and previous hash into the header of a record encoded with placeholders.
     *
     * @param record       the record's bytes (modified)
     * @param sequence     the sequence
     * @param timestamp    the time
     * @param previousHash the previous hash
     */
    public static void seal(byte[] record, long sequence, Instant timestamp, byte[] previousHash) {
        ByteBuffer b = ByteBuffer.wrap(record);
        b.position(3);
        b.putLong(sequence).putLong(timestamp.getEpochSecond()).putInt(timestamp.getNano());
        if (previousHash.length != HASH_BYTES) {
            throw new IllegalArgumentException("previousHash must be 32 bytes but was " + previousHash.length);
        }
        b.put(previousHash);
    }

    /**
     * Encodes a checkpoint signed with the keyring's current key.
     *
     * @param sequence     the sequence
     * @param timestamp    the time
     * @param previousHash the hash of the record it seals
     * @param keys         the keyring
     * @return the stored bytes
     */
    public static byte[] encodeCheckpoint(long sequence, Instant timestamp, byte[] previousHash, Keyring keys) {
        String keyId = keys.currentKeyId();
        byte[] k = utf8(keyId);
        int macInput = header() + 4 + k.length;
        ByteBuffer b = ByteBuffer.allocate(macInput + HASH_BYTES);
        putHeader(b, CHECKPOINT, sequence, timestamp, previousHash);
        putStr(b, k);
        byte[] mac = mac(keys, keyId, b.array(), macInput);
        b.put(mac);
        return b.array();
    }

    /**
     * The checkpoint MAC of the first {@code length} bytes with a key of the keyring.
     *
     * @param keys   the keyring
     * @param keyId  the key id
     * @param bytes  the bytes
     * @param length how many leading bytes
     * @return the MAC
     * @throws IllegalArgumentException if the keyring lacks the key
     */
    public static byte[] mac(Keyring keys, String keyId, byte[] bytes, int length) {
        try {
            // a signing key derived from the keyring key, so the same keyring can also encrypt with AES
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(keys.secretKey(keyId).getEncoded(), "HmacSHA256"));
            byte[] signingKey = derive.doFinal(SIGNING_LABEL);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            mac.update(bytes, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 failed", e);
        }
    }

    /**
     * Parses stored bytes.
     *
     * @param bytes the bytes
     * @return the record
     * @throws MalformedRecordException if they are not a record
     */
    public static Parsed parse(byte[] bytes) throws MalformedRecordException {
        byte[] hash = sha256(bytes);
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.get() != MAGIC) {
                throw new MalformedRecordException("not an audit record (bad magic byte)");
            }
            byte version = b.get();
            if (version != VERSION) {
                throw new MalformedRecordException("unknown record format version " + version);
            }
            byte type = b.get();
            long seq = b.getLong();
            long sec = b.getLong();
            int nano = b.getInt();
            if (nano < 0 || nano > 999_999_999) {
                throw new MalformedRecordException("invalid timestamp nanos " + nano);
            }
            Instant ts;
            try {
                ts = Instant.ofEpochSecond(sec, nano);
            } catch (java.time.DateTimeException e) {
                throw new MalformedRecordException("invalid timestamp " + sec);
            }
            byte[] prev = new byte[HASH_BYTES];
            b.get(prev);
            Parsed p;
            if (type == ENTRY) {
                String actor = getStr(b);
                String op = getStr(b);
                String res = getStr(b);
                String oc = getStr(b);
                Outcome outcome;
                try {
                    outcome = Outcome.valueOf(oc);
                } catch (IllegalArgumentException e) {
                    throw new MalformedRecordException("unknown outcome '" + oc + "'");
                }
                int n = b.getInt();
                if (n < 0 || n > MAX_ATTRIBUTES) {
                    throw new MalformedRecordException("invalid attribute count " + n);
                }
                SortedMap<String, String> attrs = new TreeMap<>();
                String lastKey = null;
                for (int i = 0; i < n; i++) {
                    String k = getStr(b);
                    if (lastKey != null && lastKey.compareTo(k) >= 0) {
                        throw new MalformedRecordException("attributes not in canonical (sorted, unique) order");
                    }
                    lastKey = k;
                    attrs.put(k, getStr(b));
                }
                p = new Parsed(type, seq, ts, prev, actor, op, res, outcome, attrs, null, null, 0, hash);
            } else if (type == CHECKPOINT) {
                String keyId = getStr(b);
                int macInput = b.position();
                byte[] mac = new byte[HASH_BYTES];
                b.get(mac);
                p = new Parsed(type, seq, ts, prev, null, null, null, null, null, keyId, mac, macInput, hash);
            } else {
                throw new MalformedRecordException("unknown record type " + type);
            }
            if (b.hasRemaining()) {
                throw new MalformedRecordException(b.remaining() + " unexpected bytes after the record");
            }
            return p;
        } catch (BufferUnderflowException e) {
            throw new MalformedRecordException("record truncated (" + bytes.length + " bytes)");
        }
    }

    /**
     * Whether a checkpoint's MAC is right.
     *
     * @param keys   the keyring (must hold the checkpoint's key)
     * @param p      the checkpoint
     * @param stored the stored bytes
     * @return {@code true} if the MAC matches
     */
    public static boolean macMatches(Keyring keys, Parsed p, byte[] stored) {
        return MessageDigest.isEqual(mac(keys, p.keyId(), stored, p.macInputLength()), p.mac());
    }

    private static int header() {
        return 3 + 8 + 8 + 4 + HASH_BYTES;
    }

    private static void putHeader(ByteBuffer b, byte type, long seq, Instant ts, byte[] prev) {
        b.put(MAGIC).put(VERSION).put(type).putLong(seq).putLong(ts.getEpochSecond()).putInt(ts.getNano());
        if (prev.length != HASH_BYTES) {
            throw new IllegalArgumentException("previousHash must be 32 bytes but was " + prev.length);
        }
        b.put(prev);
    }

    private static byte[] utf8(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("a field of an audit record must be at most " + MAX_STRING_BYTES
                    + " UTF-8 bytes but was " + bytes.length);
        }
        return bytes;
    }

    private static void putStr(ByteBuffer b, byte[] s) {
        b.putInt(s.length).put(s);
    }

    private static String getStr(ByteBuffer b) throws MalformedRecordException {
        int n = b.getInt();
        if (n < 0 || n > b.remaining() || n > MAX_STRING_BYTES) {
            throw new MalformedRecordException("invalid string length " + n);
        }
        byte[] s = new byte[n];
        b.get(s);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(s)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedRecordException("malformed UTF-8 in a string field");
        }
    }

    /**
     * Lower-case hex.
     *
     * @param bytes the bytes
     * @return the hex
     */
    public static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte x : bytes) {
            sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }

    /**
     * Whether two hashes are equal.
     *
     * @param a a hash
     * @param b another
     * @return equality
     */
    public static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
