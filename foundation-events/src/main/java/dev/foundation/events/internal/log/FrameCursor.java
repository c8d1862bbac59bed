package dev.foundation.events.internal.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Walks the record frames of a segment file with chunked positional reads, validating each frame (bounds,
 * CRC32C, offset sequence) before exposing it.
 */
final class FrameCursor {

    static final int RECORD = 1;
    static final int END = 0;
    static final int INVALID = -1;

    private final FileChannel channel;
    private ByteBuffer buf;
    private long bufStart;
    private int at;
    private int frame;

    /** Start of the current (or next) frame. */
    long position;
    /** What is wrong with the frame at {@link #position} after {@link #next} returned {@link #INVALID}. */
    String problem;

    FrameCursor(FileChannel channel, long position, int bufferSize) {
        this.channel = channel;
        this.position = position;
        this.buf = ByteBuffer.allocate(bufferSize);
        this.buf.limit(0);
        this.bufStart = position;
    }

    /**
     * Loads the frame at {@link #position} if it lies below {@code limit}. Returns {@link #RECORD} for a valid
     * record with offset {@code expectedOffset}, {@link #END} when {@code position == limit}, or
     * {@link #INVALID} with {@link #problem} set.
     */
    int next(long limit, long expectedOffset) throws IOException {
        long available = limit - position;
        if (available <= 0) {
            return END;
        }
        if (available < 8) {
            return invalid("incomplete record header: only " + available + " bytes left (torn write)");
        }
        if (!ensure(8, limit)) {
            return invalid("the file ends inside a record header");
        }
        int length = buf.getInt(at + 4);
        if (length < LogFormat.MIN_LENGTH) {
            return invalid("record length " + length + " is below the minimum " + LogFormat.MIN_LENGTH);
        }
        long frameLength = 8L + length;
        if (frameLength > available) {
            return invalid("record of " + frameLength + " bytes extends past the end of the data (" + available
                    + " bytes left): torn write or corrupt length");
        }
        if (!ensure((int) frameLength, limit)) {
            return invalid("the file ends inside a record");
        }
        String bad = LogFormat.checkRecord(buf, at, expectedOffset);
        if (bad != null) {
            return invalid(bad);
        }
        frame = (int) frameLength;
        return RECORD;
    }

    private int invalid(String reason) {
        problem = reason;
        return INVALID;
    }

    private boolean ensure(int need, long limit) throws IOException {
        long rel = position - bufStart;
        if (rel >= 0 && rel + need <= buf.limit()) {
            at = (int) rel;
            return true;
        }
        if (buf.capacity() < need) {
            buf = ByteBuffer.allocate(need);
        }
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), limit - position));
        int n = FileSupport.readFully(channel, buf, position);
        buf.flip();
        bufStart = position;
        at = 0;
        return n >= need;
    }

    /** Size in bytes of the current frame. */
    int frame() {
        return frame;
    }

    long timestamp() {
        return buf.getLong(at + 16);
    }

    LogRecord record() {
        return LogFormat.readRecord(buf, at);
    }

    void advance() {
        position += frame;
    }
}
