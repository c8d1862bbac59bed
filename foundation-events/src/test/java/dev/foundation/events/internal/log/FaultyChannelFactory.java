package dev.foundation.events.internal.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens real channels that fail on demand: writes fail after a byte budget (a partial write first, like a disk
 * filling up), forces fail, opens of new files fail.
 */
final class FaultyChannelFactory implements ChannelFactory {

    /** Bytes that may still be written before writes fail; negative means unlimited. */
    final AtomicLong writeBudget = new AtomicLong(-1);
    final AtomicInteger forcesToFail = new AtomicInteger();
    volatile boolean failCreate;
    final AtomicInteger writeFailures = new AtomicInteger();
    /** Forces that completed. */
    final AtomicInteger forces = new AtomicInteger();
    /** When set, a force first counts down {@link #forceEntered} and then waits for this gate. */
    volatile CountDownLatch forceGate;
    final CountDownLatch forceEntered = new CountDownLatch(1);

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        if (failCreate && file.getFileName().toString().endsWith(".tmp")) {
            throw new IOException("No space left on device (injected, creating " + file.getFileName() + ")");
        }
        return new Faulty(FileChannel.open(file, options));
    }

    void diskFull() {
        writeBudget.set(0);
    }

    void diskFreed() {
        writeBudget.set(-1);
        failCreate = false;
    }

    private final class Faulty extends FileChannel {
        private final FileChannel delegate;

        Faulty(FileChannel delegate) {
            this.delegate = delegate;
        }

        private int allowed(int wanted) throws IOException {
            long budget = writeBudget.get();
            if (budget < 0) {
                return wanted;
            }
            if (budget == 0) {
                writeFailures.incrementAndGet();
                throw new IOException("No space left on device (injected)");
            }
            int n = (int) Math.min(budget, wanted);
            writeBudget.addAndGet(-n);
            return n;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            int n = allowed(src.remaining());
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + n);
            int written = delegate.write(part, position);
            src.position(src.position() + written);
            return written;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = allowed(src.remaining());
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + n);
            int written = delegate.write(part);
            src.position(src.position() + written);
            return written;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (forcesToFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IOException("Input/output error (injected fsync failure)");
            }
            CountDownLatch gate = forceGate;
            if (gate != null) {
                forceEntered.countDown();
                try {
                    if (!gate.await(30, TimeUnit.SECONDS)) {
                        throw new IOException("force gate was never opened");
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
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new UnsupportedOperationException("gathering writes are not used by the log");
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
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
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
