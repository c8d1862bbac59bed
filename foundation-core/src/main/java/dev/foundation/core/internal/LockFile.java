package dev.foundation.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * An exclusive operating-system lock on a file that records the holder's process id ({@code pid <n>}): what the
 * event log locks its directory with and the workflow store its database file. The operating system releases it
 * when the process dies, so a crash leaves no stale lock; a second lock on the same file in the same process is
 * refused too. The file stays after {@link #close()} (deleting it would race with the next holder).
 */
public final class LockFile implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private LockFile(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock if nobody holds it (its directory must exist).
     *
     * @param file the lock file, created if absent
     * @return the held lock, or {@code null} if another holder (here or in another process) has it: ask
     *         {@link #holder(Path)} who
     * @throws IOException if the file cannot be created or locked
     */
    public static LockFile tryLock(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                return null;
            }
            ch.truncate(0);
            ByteBuffer pid = ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            long pos = 0;
            while (pid.hasRemaining()) {
                pos += ch.write(pid, pos);
            }
            return new LockFile(ch, lock);
        } catch (IOException | RuntimeException e) {
            try {
                ch.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Who holds a lock file, for an error message: {@code "this process (pid 12)"}, {@code "another process
     * (pid 34)"}, or {@code "another holder"} when the holder has not written its process id yet or the file
     * cannot be read.
     *
     * @param file the lock file
     * @return the holder
     */
    public static String holder(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(64);
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // read what is there
            }
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).trim();
            if (text.isEmpty()) {
                return "another holder";
            }
            return text.equals("pid " + ProcessHandle.current().pid()) ? "this process (" + text + ")"
                    : "another process (" + text + ")";
        } catch (IOException e) {
            return "another holder";
        }
    }

    /** Releases the lock; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
