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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link FileChannelOpener} for {@link Persistence#channelOpener(FileChannelOpener)} whose channels are real
 * files that fail on demand: {@link #fillUp(long)} lets a few more bytes reach the disk and then fails every
 * write like a full disk; {@link #failForcesUnder(Path, String)} fails every {@code force} of the segment files
 * under a directory; {@link #repair()} ends both faults.
 */
final class FailingDisk implements FileChannelOpener {

    /** The message of a full disk (ENOSPC). */
    static final String DISK_FULL = "No space left on device";

    /** Bytes that may still be written before writes fail; negative means unlimited. */
    private final AtomicLong bytesLeft = new AtomicLong(-1);
    private volatile Path failForcesUnder;
    private volatile String forceError;
    private final AtomicInteger failedWrites = new AtomicInteger();
    private final AtomicInteger failedForces = new AtomicInteger();

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        return new Channel(file, FileChannel.open(file, options));
    }

    /**
     * From now on, {@code bytes} more bytes reach the disk (a write that crosses the limit is a partial write),
     * then every write fails with {@value #DISK_FULL}.
     */
    void fillUp(long bytes) {
        bytesLeft.set(bytes);
    }

    /** From now on, every {@code force} of a file under {@code dir} fails with {@code error}. */
    void failForcesUnder(Path dir, String error) {
        forceError = error;
        failForcesUnder = dir;
    }

    /** Ends every fault: writes and forces succeed again. */
    void repair() {
        bytesLeft.set(-1);
        failForcesUnder = null;
    }

    int failedWrites() {
        return failedWrites.get();
    }

    int failedForces() {
        return failedForces.get();
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
            delegate.force(metaData);
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
