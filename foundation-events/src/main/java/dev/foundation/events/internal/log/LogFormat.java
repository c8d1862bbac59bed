package dev.foundation.events.internal.log;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk format of segment files (all integers big-endian).
 *
 * <pre>
 * segment file  = header record*
 * header (32 B) = magic "FNLG" (4) | format version (2) | header size (2) | base offset (8)
 *                 | created epoch millis (8) | reserved, zero (4) | CRC32C of the 28 bytes before (4)
 * record        = CRC32C (4) | length (4) | offset (8) | timestamp millis (8) | key length (4, -1 = no key)
 *                 | key bytes | payload bytes
 * </pre>
 *
 * {@code length} counts the bytes after the length field; the record CRC covers everything after the CRC field
 * (length included). Readers refuse versions newer than {@link #VERSION}; a future version keeps the header
 * layout so that it can dispatch on the version field.
 */
final class LogFormat {

    static final int MAGIC = 0x464E4C47; // "FNLG"
    static final short VERSION = 1;
    static final int HEADER_SIZE = 32;
    /** crc + length + offset + timestamp + key length. */
    static final int RECORD_OVERHEAD = 28;
    /** Smallest valid value of the length field: offset + timestamp + key length. */
    static final int MIN_LENGTH = 20;
    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".idx";

    private LogFormat() {
    }

    static String fileName(long baseOffset, String suffix) {
        return String.format("%020d%s", baseOffset, suffix);
    }

    static long frameSize(byte[] key, byte[] payload) {
        return (long) RECORD_OVERHEAD + (key == null ? 0 : key.length) + payload.length;
    }

    static ByteBuffer header(long baseOffset, long createdMillis) {
        ByteBuffer buf = ByteBuffer.allocate(HEADER_SIZE);
        buf.putInt(MAGIC).putShort(VERSION).putShort((short) HEADER_SIZE).putLong(baseOffset).putLong(createdMillis)
                .putInt(0);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, HEADER_SIZE - 4);
        buf.putInt((int) crc.getValue());
        buf.flip();
        return buf;
    }

    /** Returns null if {@code header} (32 bytes) is valid for {@code expectedBase}, otherwise what is wrong. */
    static String checkHeader(ByteBuffer header, long expectedBase) {
        if (header.remaining() < HEADER_SIZE) {
            return "segment header is truncated (" + header.remaining() + " of " + HEADER_SIZE + " bytes)";
        }
        int p = header.position();
        CRC32C crc = new CRC32C();
        crc.update(header.array(), header.arrayOffset() + p, HEADER_SIZE - 4);
        if ((int) crc.getValue() != header.getInt(p + HEADER_SIZE - 4)) {
            return "segment header CRC32C mismatch";
        }
        if (header.getInt(p) != MAGIC) {
            return "not a Foundation log segment (bad magic number)";
        }
        short version = header.getShort(p + 4);
        if (version > VERSION || version < 1) {
            return "segment format version " + version + " is not supported (this library reads versions 1 to "
                    + VERSION + "); upgrade the library";
        }
        long base = header.getLong(p + 8);
        if (base != expectedBase) {
            return "segment header says base offset " + base + " but the file name says " + expectedBase;
        }
        return null;
    }

    /** Appends one record frame to {@code buf} (which must have room). */
    static void writeRecord(ByteBuffer buf, long offset, long timestamp, byte[] key, byte[] payload) {
        int start = buf.position();
        int keyLength = key == null ? -1 : key.length;
        int length = MIN_LENGTH + Math.max(keyLength, 0) + payload.length;
        buf.putInt(0).putInt(length).putLong(offset).putLong(timestamp).putInt(keyLength);
        if (key != null) {
            buf.put(key);
        }
        buf.put(payload);
        buf.putInt(start, crc(buf, start + 4, length + 4));
    }

    static int crc(ByteBuffer buf, int from, int count) {
        CRC32C crc = new CRC32C();
        ByteBuffer view = buf.duplicate();
        view.limit(from + count).position(from);
        crc.update(view);
        return (int) crc.getValue();
    }

    /**
     * Validates the record frame starting at {@code at} in {@code buf} whose complete frame is in the buffer.
     * Returns null if it is a valid record with offset {@code expectedOffset}, otherwise what is wrong.
     */
    static String checkRecord(ByteBuffer buf, int at, long expectedOffset) {
        int length = buf.getInt(at + 4);
        int stored = buf.getInt(at);
        if (crc(buf, at + 4, length + 4) != stored) {
            return "record CRC32C mismatch";
        }
        long offset = buf.getLong(at + 8);
        if (offset != expectedOffset) {
            return "record has offset " + offset + " where offset " + expectedOffset + " was expected";
        }
        int keyLength = buf.getInt(at + 24);
        if (keyLength < -1 || keyLength > length - MIN_LENGTH) {
            return "record key length " + keyLength + " does not fit its length " + length;
        }
        return null;
    }

    /** Decodes a record already validated with {@link #checkRecord}. */
    static LogRecord readRecord(ByteBuffer buf, int at) {
        int length = buf.getInt(at + 4);
        long offset = buf.getLong(at + 8);
        long timestamp = buf.getLong(at + 16);
        int keyLength = buf.getInt(at + 24);
        int p = at + RECORD_OVERHEAD;
        byte[] key = null;
        if (keyLength >= 0) {
            key = new byte[keyLength];
            buf.get(p, key);
            p += keyLength;
        }
        byte[] payload = new byte[length - MIN_LENGTH - Math.max(keyLength, 0)];
        buf.get(p, payload);
        return new LogRecord(offset, timestamp, key, payload);
    }
}
