package dev.foundation.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tests' one fault injector: a {@link FileChannelOpener} (for {@link Persistence#channelOpener} and for the
 * partition log directly) whose channels are real files that fail on demand:
 * <ul>
 *   <li>{@link #fillUp(long)}: a few more bytes reach the disk (a partial write), then every write fails like a
 *       full disk;</li>
 *   <li>{@link #failForcesUnder(Path, String)}: every {@code force} of a file under a directory fails;
 *       {@link #failNextForces(int)}: the next forces fail, wherever they are;</li>
 *   <li>{@link #failCreates()}: creating a new segment (its {@code .tmp} file) fails;</li>
 *   <li>{@link #failOpensUnder(Path, Throwable)}: opening any file under a directory throws (an
 *       {@link IOException}, or an {@link Error} such as a direct-memory {@link OutOfMemoryError});</li>
 *   <li>{@link #holdForces()}: forces wait at a gate until {@link #releaseForces()};</li>
 * </ul>
 * {@link #repair()} ends every fault.
 */
public final class FailingDisk implements FileChannelOpener {

    /** The message of a full disk (ENOSPC). */
    public static final String DISK_FULL = "No space left on device";

    /** Bytes that may still be written before writes fail; negative means unlimited. */
    private final AtomicLong bytesLeft = new AtomicLong(-1);
    private volatile Path failForcesUnder;
    private volatile String forceError;
    private final AtomicInteger forcesToFail = new AtomicInteger();
    private volatile boolean failCreates;
    private volatile Path failOpensUnder;
    private volatile Throwable openError;
    private volatile CountDownLatch forceGate;
    private volatile CountDownLatch forceHeld = new CountDownLatch(1);
    private final AtomicInteger failedWrites = new AtomicInteger();
    private final AtomicInteger failedForces = new AtomicInteger();
    private final AtomicInteger forces = new AtomicInteger();
    private final AtomicInteger opens = new AtomicInteger();

    /** A disk without faults until one is switched on. */
    public FailingDisk() {
    }

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        Path under = failOpensUnder;
        if (under != null && file.startsWith(under)) {
            Throwable t = openError;
            if (t instanceof IOException io) {
                throw new IOException(io.getMessage() + " (injected, opening " + file + ")");
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) t;
        }
        if (failCreates && file.getFileName().toString().endsWith(".tmp")) {
            throw new IOException(DISK_FULL + " (injected, creating " + file.getFileName() + ")");
        }
        FileChannel ch = new Channel(file, FileChannel.open(file, options));
        opens.incrementAndGet();
        return ch;
    }

    /**
     * From now on, {@code bytes} more bytes reach the disk (a write that crosses the limit is a partial write),
     * then every write fails with {@value #DISK_FULL}.
     *
     * @param bytes the bytes still written
     */
    public void fillUp(long bytes) {
        bytesLeft.set(bytes);
    }

    /**
     * From now on, every {@code force} of a file under {@code dir} fails with {@code error}.
     *
     * @param dir   the directory
     * @param error the message of the {@link IOException}
     */
    public void failForcesUnder(Path dir, String error) {
        forceError = error;
        failForcesUnder = dir;
    }

    /**
     * The next {@code n} forces fail with an I/O error.
     *
     * @param n how many
     */
    public void failNextForces(int n) {
        forcesToFail.set(n);
    }

    /** From now on, creating a file whose name ends with {@code .tmp} (a new segment) fails like a full disk. */
    public void failCreates() {
        failCreates = true;
    }

    /**
     * From now on, opening any file under {@code dir} throws {@code error}: an {@link IOException} (its message
     * is reused), an {@link Error} or a {@link RuntimeException} (thrown as is).
     *
     * @param dir   the directory
     * @param error what to throw
     */
    public void failOpensUnder(Path dir, Throwable error) {
        openError = error;
        failOpensUnder = dir;
    }

    /** From now on, a {@code force} waits until {@link #releaseForces()}; see {@link #awaitForceHeld}. */
    public void holdForces() {
        forceHeld = new CountDownLatch(1);
        forceGate = new CountDownLatch(1);
    }

    /**
     * Waits until a force is held at the gate of {@link #holdForces()}.
     *
     * @param timeout the longest wait
     * @return whether one is held
     * @throws InterruptedException if interrupted
     */
    public boolean awaitForceHeld(Duration timeout) throws InterruptedException {
        return forceHeld.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets held forces go on, and later ones pass. */
    public void releaseForces() {
        CountDownLatch gate = forceGate;
        forceGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /** Ends every fault: writes, forces, creates and opens succeed again. */
    public void repair() {
        bytesLeft.set(-1);
        failForcesUnder = null;
        forcesToFail.set(0);
        failCreates = false;
        failOpensUnder = null;
        releaseForces();
    }

    /** @return writes that failed */
    public int failedWrites() {
        return failedWrites.get();
    }

    /** @return forces that failed */
    public int failedForces() {
        return failedForces.get();
    }

    /** @return forces that completed */
    public int forces() {
        return forces.get();
    }

    /** @return channels opened */
    public int opens() {
        return opens.get();
    }

    /** A real channel that consults the faults before every write and force. */
    private final class Channel extends FileChannel {
        private final Path file;
        private final FileChannel delegate;

        Channel(Path file, FileChannel delegate) {
            this.file = file;
            this.delegate = delegate;
        }

        /** How many of {@code wanted} bytes may be written now. */
        private int allowed(int wanted) throws IOException {
            while (true) {
                long left = bytesLeft.get();
                if (left < 0) {
                    return wanted;
                }
                if (left == 0) {
                    failedWrites.incrementAndGet();
                    throw new IOException(DISK_FULL + " (injected)");
                }
                int n = (int) Math.min(left, wanted);
                if (bytesLeft.compareAndSet(left, left - n)) {
                    return n;
                }
            }
        }

        private int write(ByteBuffer src, long position, boolean positional) throws IOException {
            int n = allowed(src.remaining());
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + n);
            int written = positional ? delegate.write(part, position) : delegate.write(part);
            src.position(src.position() + written);
            return written;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return write(src, position, true);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return write(src, 0, false);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new UnsupportedOperationException("gathering writes are not used by the log");
        }

        @Override
        public void force(boolean metaData) throws IOException {
            Path under = failForcesUnder;
            if (under != null && file.startsWith(under)) {
                failedForces.incrementAndGet();
                throw new IOException(forceError + " (injected)");
            }
            if (forcesToFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                failedForces.incrementAndGet();
                throw new IOException("Input/output error (injected fsync failure)");
            }
            CountDownLatch gate = forceGate;
            if (gate != null) {
                forceHeld.countDown();
                try {
                    if (!gate.await(30, TimeUnit.SECONDS)) {
                        throw new IOException("the force gate was never opened");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted at the force gate", e);
                }
            }
            delegate.force(metaData);
            forces.incrementAndGet();
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            throw new UnsupportedOperationException("transferFrom is not used by the log");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return delegate.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
