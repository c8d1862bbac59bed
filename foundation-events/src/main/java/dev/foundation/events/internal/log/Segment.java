package dev.foundation.events.internal.log;

import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One segment file of a partition. The writer thread owns the {@code write*} fields; readers and retention see
 * only the {@code acked*} fields, which the writer publishes once the records they cover are acknowledged.
 */
final class Segment {

    final long baseOffset;
    final Path logFile;
    final Path indexFile;
    final SegmentIndex index = new SegmentIndex();

    /** The write channel while this is the active segment; null once sealed or for recovered closed segments. */
    FileChannel channel;

    long writePosition = LogFormat.HEADER_SIZE;
    long writeNextOffset;
    long writeMaxTimestamp = Long.MIN_VALUE;
    private long lastIndexedPosition = -1;

    volatile long ackedSize = LogFormat.HEADER_SIZE;
    volatile long ackedNextOffset;
    volatile long ackedMaxTimestamp = Long.MIN_VALUE;
    volatile boolean sealed;

    Segment(Path dir, long baseOffset) {
        this.baseOffset = baseOffset;
        this.logFile = dir.resolve(LogFormat.fileName(baseOffset, LogFormat.LOG_SUFFIX));
        this.indexFile = dir.resolve(LogFormat.fileName(baseOffset, LogFormat.INDEX_SUFFIX));
        this.writeNextOffset = baseOffset;
        this.ackedNextOffset = baseOffset;
    }

    /** Accounts for a record placed at {@code position}: index entry, timestamp, next offset and position. */
    void recordWritten(long offset, long timestamp, long position, int frame, int indexInterval) {
        if (lastIndexedPosition < 0 || position - lastIndexedPosition >= indexInterval) {
            index.add((int) (offset - baseOffset), (int) position, writeMaxTimestamp);
            lastIndexedPosition = position;
        }
        writeMaxTimestamp = Math.max(writeMaxTimestamp, timestamp);
        writePosition = position + frame;
        writeNextOffset = offset + 1;
    }

    /** Makes everything written so far visible to readers; the size is published last. */
    void publish() {
        ackedMaxTimestamp = writeMaxTimestamp;
        ackedNextOffset = writeNextOffset;
        ackedSize = writePosition;
    }

    /** Forgets what was written after the last {@link #publish()}. */
    void rollback() {
        index.truncateFrom(ackedSize);
        writePosition = ackedSize;
        writeNextOffset = ackedNextOffset;
        writeMaxTimestamp = ackedMaxTimestamp;
        lastIndexedPosition = index.lastPosition();
    }

    boolean isEmpty() {
        return writeNextOffset == baseOffset;
    }

    @Override
    public String toString() {
        return logFile.getFileName() + "[" + baseOffset + ".." + ackedNextOffset + ", " + ackedSize + " bytes"
                + (sealed ? ", sealed]" : "]");
    }
}
