package dev.foundation.events.internal.log;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The sparse offset index of one segment: every {@link LogConfig#indexIntervalBytes()} of records, the
 * relative offset and byte position of a record, and the largest timestamp of the records before it (so that
 * a timestamp lookup can skip ahead even when timestamps are not monotonic). The entries depend only on the
 * sequence of records, so a rebuild by scanning produces exactly the entries written at append time.
 *
 * <p>Index file ({@code <base>.idx}, big-endian): magic {@code "FNIX"} (4) | version (2) | reserved (2)
 * | base offset (8) | size of the segment file it describes (8) | entry count (4)
 * | entries of relative offset (4), position (4), max timestamp before (8) | CRC32C of all before (4).
 * The file is a cache: it is checked against the segment on open and rewritten when missing or stale.
 *
 * <p>Thread-safe: the writer adds entries while readers look them up.
 */
final class SegmentIndex {

    static final int MAGIC = 0x464E4958; // "FNIX"
    static final short VERSION = 1;
    private static final int FILE_HEADER = 28;
    private static final int ENTRY = 16;

    private int[] relOffsets = new int[16];
    private int[] positions = new int[16];
    private long[] maxBefore = new long[16];
    private int count;

    synchronized void add(int relOffset, int position, long maxTimestampBefore) {
        if (count == relOffsets.length) {
            int n = count * 2;
            relOffsets = Arrays.copyOf(relOffsets, n);
            positions = Arrays.copyOf(positions, n);
            maxBefore = Arrays.copyOf(maxBefore, n);
        }
        relOffsets[count] = relOffset;
        positions[count] = position;
        maxBefore[count] = maxTimestampBefore;
        count++;
    }

    /** Drops every entry at or after byte {@code position}. */
    synchronized void truncateFrom(long position) {
        while (count > 0 && positions[count - 1] >= position) {
            count--;
        }
    }

    synchronized int size() {
        return count;
    }

    /** Position of the last entry, or -1 when empty. */
    synchronized int lastPosition() {
        return count == 0 ? -1 : positions[count - 1];
    }

    /**
     * Returns {relative offset, position} of the last entry whose relative offset is at most {@code relOffset},
     * or null if there is none.
     */
    synchronized long[] floor(long relOffset) {
        int lo = 0;
        int hi = count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (relOffsets[mid] <= relOffset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? null : new long[] {relOffsets[found], positions[found]};
    }

    /**
     * Returns {relative offset, position} of the last entry before which every record is older than
     * {@code timestamp} (the first record with a timestamp at or after it is at or after that entry), or null if
     * the index is empty.
     */
    synchronized long[] floorForTimestamp(long timestamp) {
        if (count == 0) {
            return null;
        }
        int lo = 0;
        int hi = count - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (maxBefore[mid] < timestamp) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return new long[] {relOffsets[found], positions[found]};
    }

    synchronized byte[] encode(long baseOffset, long segmentSize) {
        ByteBuffer buf = ByteBuffer.allocate(FILE_HEADER + count * ENTRY + 4);
        buf.putInt(MAGIC).putShort(VERSION).putShort((short) 0).putLong(baseOffset).putLong(segmentSize)
                .putInt(count);
        for (int i = 0; i < count; i++) {
            buf.putInt(relOffsets[i]).putInt(positions[i]).putLong(maxBefore[i]);
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        return buf.array();
    }

    /**
     * Returns whether {@code file} is a valid index for the segment at {@code baseOffset} of
     * {@code segmentSize} bytes with exactly this index's entries.
     */
    synchronized boolean matches(byte[] file, long baseOffset, long segmentSize) {
        if (file.length != FILE_HEADER + count * ENTRY + 4) {
            return false;
        }
        CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - 4);
        ByteBuffer buf = ByteBuffer.wrap(file);
        if ((int) crc.getValue() != buf.getInt(file.length - 4) || buf.getInt() != MAGIC
                || buf.getShort() != VERSION) {
            return false;
        }
        buf.getShort();
        if (buf.getLong() != baseOffset || buf.getLong() != segmentSize || buf.getInt() != count) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (buf.getInt() != relOffsets[i] || buf.getInt() != positions[i] || buf.getLong() != maxBefore[i]) {
                return false;
            }
        }
        return true;
    }
}
