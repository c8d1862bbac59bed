package dev.foundation.events.internal.log;

import dev.foundation.events.EventStorageException;
import dev.foundation.events.StreamLockedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * An exclusive lock on a directory, held through an operating-system file lock on {@value #LOCK_FILE_NAME}
 * inside it. The operating system releases the lock when the owning process dies, so a crashed writer never
 * leaves a stale lock behind. The lock file records the owner's process id for the error message.
 */
public final class DirectoryLock implements AutoCloseable {

    /** Name of the lock file created in the locked directory. */
    public static final String LOCK_FILE_NAME = ".lock";

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed and locks it.
     *
     * @param dir the directory to lock
     * @return the held lock; close it to release
     * @throws StreamLockedException if another process, or another lock in this process, holds it
     * @throws EventStorageException       if the directory or lock file cannot be created
     */
    public static DirectoryLock acquire(Path dir) {
        Objects.requireNonNull(dir, "dir");
        Path lockFile = dir.resolve(LOCK_FILE_NAME);
        FileChannel ch = null;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String owner = readOwner(ch);
                ch.close();
                throw new StreamLockedException("directory " + dir + " is locked by " + owner
                        + " (lock file " + lockFile + "); only one process may open a stream's directory at a time:"
                        + " close the stream that holds it (EventStream.close or EventStreams.close) or stop that"
                        + " process", null);
            }
            byte[] pid = ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8);
            ch.truncate(0);
            FileSupport.writeFully(ch, ByteBuffer.wrap(pid), 0);
            return new DirectoryLock(dir, ch, lock);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new EventStorageException("cannot lock directory " + dir + ": " + e, e);
        }
    }

    private static String readOwner(FileChannel ch) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(64);
            int n = FileSupport.readFully(ch, buf, 0);
            String text = new String(buf.array(), 0, Math.max(n, 0), StandardCharsets.UTF_8).trim();
            if (text.isEmpty()) {
                return "another owner";
            }
            return text.equals("pid " + ProcessHandle.current().pid()) ? "this process (" + text + ")" : text;
        } catch (IOException e) {
            return "another owner";
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    /**
     * Returns the locked directory.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /** Releases the lock; idempotent. The lock file stays (deleting it would race with the next owner). */
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
        closeQuietly(channel);
    }
}
