package dev.foundation.events.internal.log;

import dev.foundation.events.CorruptedLogException;
import dev.foundation.events.EventStorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A {@link LogReader} with its own file channel per segment, so that an interrupt of a reader thread (which
 * closes the channel it was using) never affects the writer or other readers.
 */
final class PartitionLogReader implements LogReader {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final PartitionLog log;
    private Segment segment;
    private FileChannel channel;
    private FrameCursor cursor;
    /** Offset of the frame at the cursor. */
    private long cursorOffset;
    /** Offset of the next record to return (the cursor may be behind it after an index lookup). */
    private long target;
    private boolean closed;

    PartitionLogReader(PartitionLog log, long fromOffset) {
        this.log = log;
        this.target = fromOffset;
    }

    @Override
    public synchronized List<LogRecord> poll(int maxRecords) {
        if (maxRecords <= 0) {
            throw new IllegalArgumentException("maxRecords must be > 0 but was " + maxRecords);
        }
        if (closed) {
            throw new IllegalStateException("reader of " + log.directory() + " is closed");
        }
        log.ensureOpen();
        List<LogRecord> out = null;
        try {
            while (out == null || out.size() < maxRecords) {
                long durable = log.durableEndOffset();
                if (target >= durable) {
                    break;
                }
                if (cursor == null || target < segment.baseOffset) {
                    seek();
                    continue;
                }
                int r = cursor.next(segment.ackedSize, cursorOffset);
                if (r == FrameCursor.END) {
                    if (!segment.sealed) {
                        break;
                    }
                    // The writer publishes a segment's last records, then seals it: the size read above may be
                    // older than the seal. Once sealed is seen the size is final; read it again before leaving.
                    if (cursor.next(segment.ackedSize, cursorOffset) != FrameCursor.END) {
                        continue;
                    }
                    Segment after = log.segmentAfter(segment.baseOffset);
                    if (after == null) {
                        break;
                    }
                    if (target > after.baseOffset) {
                        seek(); // the target lies further on: use the index instead of scanning
                    } else {
                        open(after, LogFormat.HEADER_SIZE, after.baseOffset);
                    }
                    continue;
                }
                if (r == FrameCursor.INVALID) {
                    if (out != null) {
                        break; // return the valid records before it; the next poll stops at the damaged one
                    }
                    throw new CorruptedLogException(segment.logFile, cursor.position, cursor.problem);
                }
                if (cursorOffset >= target) {
                    if (out == null) {
                        out = new ArrayList<>(Math.min(maxRecords, 256));
                    }
                    out.add(cursor.record());
                    target = cursorOffset + 1;
                }
                cursor.advance();
                cursorOffset++;
            }
        } catch (IOException e) {
            closeChannel();
            if (Thread.currentThread().isInterrupted()) {
                throw new EventStorageException("reader of " + log.directory() + " was interrupted", e);
            }
            throw new EventStorageException("cannot read " + (segment == null ? log.directory() : segment.logFile) + ": "
                    + e, e);
        }
        return out == null ? Collections.emptyList() : out;
    }

    private void seek() throws IOException {
        for (int attempt = 0; ; attempt++) {
            target = Math.max(target, log.startOffset());
            Map.Entry<Long, Segment> e = log.floorSegment(target);
            Segment s = e.getValue();
            long[] entry = s.index.floor(target - s.baseOffset);
            long position = entry == null ? LogFormat.HEADER_SIZE : entry[1];
            long offset = entry == null ? s.baseOffset : s.baseOffset + entry[0];
            try {
                open(s, position, offset);
                return;
            } catch (NoSuchFileException ex) {
                if (attempt >= 3) {
                    throw ex;
                }
                // retention deleted the segment meanwhile: seek again from the new start
            }
        }
    }

    private void open(Segment s, long position, long offset) throws IOException {
        closeChannel();
        channel = log.channels().open(s.logFile, StandardOpenOption.READ);
        segment = s;
        cursor = new FrameCursor(channel, position, BUFFER_BYTES);
        cursorOffset = offset;
    }

    @Override
    public synchronized long position() {
        return target;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeChannel();
        log.readerClosed(this);
    }

    private void closeChannel() {
        PartitionLog.closeQuietly(channel);
        channel = null;
        cursor = null;
        segment = null;
    }
}
