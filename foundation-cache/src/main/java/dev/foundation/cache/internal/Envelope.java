package dev.foundation.cache.internal;

import java.nio.ByteBuffer;

/**
 * The L3 value format: a version byte, the entry's absolute expiry and write time (epoch milliseconds,
 * big-endian longs), then the value's codec bytes.
 */
final class Envelope {

    private static final byte VERSION = 1;
    private static final int HEADER = 17;

    private Envelope() {
    }

    static byte[] wrap(byte[] value, long expiresAt, long writtenAt) {
        return ByteBuffer.allocate(HEADER + value.length).put(VERSION).putLong(expiresAt).putLong(writtenAt)
                .put(value).array();
    }

    /** Returns {expiresAt, writtenAt} or null if the bytes are not an envelope. */
    static long[] header(byte[] envelope) {
        if (envelope.length < HEADER || envelope[0] != VERSION) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(envelope, 1, 16);
        return new long[] {buffer.getLong(), buffer.getLong()};
    }

    static byte[] value(byte[] envelope) {
        byte[] value = new byte[envelope.length - HEADER];
        System.arraycopy(envelope, HEADER, value, 0, value.length);
        return value;
    }
}
