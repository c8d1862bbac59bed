package dev.foundation.events.internal.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;

/**
 * The direct buffers the partition writers frame their batches in, shared by every {@link PartitionLog} of the
 * process: at most {@value #BUFFERS} buffers of {@value #BUFFER_BYTES} bytes (8 MiB of direct memory) whatever
 * the number of partitions, allocated on first use. A writer holds a buffer only while it frames and writes one
 * chunk of a batch (never across a force or a segment roll), so a writer waits for one only when eight others
 * are writing at that moment. A record larger than a buffer is framed on the heap and written through a pooled
 * buffer in slices, so that the JDK never creates (and caches per thread) a direct buffer of its size.
 */
final class WriteBuffers {

    /** Size of one buffer: the largest chunk a writer writes with one call. */
    static final int BUFFER_BYTES = 1 << 20;
    /** The most buffers in existence at once. */
    static final int BUFFERS = 8;

    private static final Semaphore AVAILABLE = new Semaphore(BUFFERS);
    private static final ConcurrentLinkedDeque<ByteBuffer> FREE = new ConcurrentLinkedDeque<>();

    private WriteBuffers() {
    }

    /**
     * Takes a cleared buffer, waiting (uninterruptibly: the writer thread ignores interrupts) until one is free.
     * Give it back with {@link #give(ByteBuffer)}.
     */
    static ByteBuffer take() {
        AVAILABLE.acquireUninterruptibly();
        ByteBuffer b = FREE.pollFirst();
        if (b == null) {
            try {
                b = ByteBuffer.allocateDirect(BUFFER_BYTES);
            } catch (RuntimeException | Error e) {
                AVAILABLE.release();
                throw e;
            }
        }
        b.clear();
        return b;
    }

    /** Returns a buffer taken with {@link #take()}. */
    static void give(ByteBuffer b) {
        FREE.offerFirst(b);
        AVAILABLE.release();
    }

    /** Writes all of a heap buffer at {@code position} through a pooled direct buffer, one slice at a time. */
    static void writeThrough(FileChannel ch, ByteBuffer heap, long position) throws IOException {
        ByteBuffer direct = take();
        try {
            long pos = position;
            while (heap.hasRemaining()) {
                direct.clear();
                ByteBuffer slice = heap.duplicate();
                slice.limit(slice.position() + Math.min(slice.remaining(), direct.capacity()));
                direct.put(slice);
                direct.flip();
                int n = direct.remaining();
                FileSupport.writeFully(ch, direct, pos);
                heap.position(heap.position() + n);
                pos += n;
            }
        } finally {
            give(direct);
        }
    }
}
