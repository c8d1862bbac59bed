package dev.foundation.benchmarks.eventsdurable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The baseline for group commit: the least code that makes concurrent appends durable with shared forces.
 * Callers copy their record (a 4-byte length and the payload, no checksum, no offset, no index) into the open
 * batch under a lock; the first caller to find no force running becomes the leader, writes the batch with one
 * {@code FileChannel.write} and one {@code force(false)}, and wakes the callers whose records it covered.
 * Followers that arrive meanwhile fill the next batch. No dedicated thread, no futures.
 */
final class RawGroupCommit implements AutoCloseable {

    private final FileChannel channel;
    private ByteBuffer open = ByteBuffer.allocateDirect(8 << 20);
    private ByteBuffer spare = ByteBuffer.allocateDirect(8 << 20);
    private long position;
    private long openBatch = 1;
    private long durableBatch;
    private boolean leaderActive;

    RawGroupCommit(Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Appends a record and returns once a force covering it has returned. */
    void appendDurably(byte[] payload) throws IOException, InterruptedException {
        long myBatch;
        synchronized (this) {
            while (open.remaining() < payload.length + 4) {
                wait(); // the open batch is full: wait for the leader to take it
            }
            open.putInt(payload.length).put(payload);
            myBatch = openBatch;
            while (leaderActive && durableBatch < myBatch) {
                wait();
            }
            if (durableBatch >= myBatch) {
                return;
            }
            leaderActive = true;
            ByteBuffer toWrite = open;
            open = spare;
            spare = toWrite;
            openBatch++;
            notifyAll(); // followers blocked on a full batch may fill the new one
        }
        try {
            spare.flip();
            while (spare.hasRemaining()) {
                position += channel.write(spare, position);
            }
            spare.clear();
            channel.force(false);
        } finally {
            synchronized (this) {
                durableBatch = myBatch;
                leaderActive = false;
                notifyAll();
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
