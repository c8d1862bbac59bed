package dev.foundation.cache.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The L3 value format. Version 2: a version byte, the entry's absolute expiry and write time (epoch
 * milliseconds, big-endian longs), the write's token (the version of this entry's edges in the shared graph,
 * empty when it has none), the ids it depends on and its tags, then the value's codec bytes. Version 1 (no
 * token, no edges) is still read.
 *
 * <p>The edges travel with the value so that whoever removes or replaces the value, on any node, removes
 * exactly that write's edges and never those of a newer write of the same key.
 */
final class Envelope {

    private static final byte V1 = 1;
    private static final byte V2 = 2;
    private static final int V1_HEADER = 17;

    /** A decoded envelope. */
    record Decoded(long expiresAt, long writtenAt, String token, List<String> deps, List<String> tags,
                   byte[] value) {

        /** Whether the write recorded edges in the shared graph. */
        boolean hasEdges() {
            return !token.isEmpty() && (!deps.isEmpty() || !tags.isEmpty());
        }
    }

    private Envelope() {
    }

    static byte[] wrap(byte[] value, long expiresAt, long writtenAt, String token, Collection<String> deps,
                       Collection<String> tags) {
        List<byte[]> strings = new ArrayList<>(1 + deps.size() + tags.size());
        strings.add(token.getBytes(StandardCharsets.UTF_8));
        deps.forEach(d -> strings.add(d.getBytes(StandardCharsets.UTF_8)));
        tags.forEach(t -> strings.add(t.getBytes(StandardCharsets.UTF_8)));
        int size = 1 + 16 + 8 + value.length;
        for (byte[] s : strings) {
            size += 4 + s.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).put(V2).putLong(expiresAt).putLong(writtenAt);
        buffer.putInt(deps.size()).putInt(tags.size());
        for (byte[] s : strings) {
            buffer.putInt(s.length).put(s);
        }
        return buffer.put(value).array();
    }

    /** Decodes an envelope, or returns {@code null} if the bytes are not one. */
    static Decoded decode(byte[] envelope) {
        if (envelope == null || envelope.length < V1_HEADER) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(envelope);
        byte version = buffer.get();
        long expiresAt = buffer.getLong();
        long writtenAt = buffer.getLong();
        if (version == V1) {
            return new Decoded(expiresAt, writtenAt, "", List.of(), List.of(), rest(buffer));
        }
        if (version != V2) {
            return null;
        }
        try {
            int depCount = buffer.getInt();
            int tagCount = buffer.getInt();
            if (depCount < 0 || tagCount < 0 || depCount + tagCount > buffer.remaining() / 4) {
                return null;
            }
            String token = string(buffer);
            List<String> deps = new ArrayList<>(depCount);
            for (int i = 0; i < depCount; i++) {
                deps.add(string(buffer));
            }
            List<String> tags = new ArrayList<>(tagCount);
            for (int i = 0; i < tagCount; i++) {
                tags.add(string(buffer));
            }
            return new Decoded(expiresAt, writtenAt, token, List.copyOf(deps), List.copyOf(tags), rest(buffer));
        } catch (RuntimeException e) {
            return null; // truncated or malformed
        }
    }

    private static String string(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalArgumentException("bad length " + length);
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] rest(ByteBuffer buffer) {
        byte[] value = new byte[buffer.remaining()];
        buffer.get(value);
        return value;
    }
}
