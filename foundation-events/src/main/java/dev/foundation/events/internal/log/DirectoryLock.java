package dev.foundation.events.internal.log;

import dev.foundation.events.EventStorageException;
import dev.foundation.events.StreamLockedException;
import dev.foundation.core.internal.LockFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private final LockFile lock;

    private DirectoryLock(Path directory, LockFile lock) {
        this.directory = directory;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed and locks it.
     *
     * @param dir the directory to lock
     * @return the held lock; close it to release
     * @throws StreamLockedException if another process, or another lock in this process, holds it
     * @throws EventStorageException if the directory or lock file cannot be created
     */
    public static DirectoryLock acquire(Path dir) {
        Objects.requireNonNull(dir, "dir");
        Path lockFile = dir.resolve(LOCK_FILE_NAME);
        LockFile lock;
        try {
            Files.createDirectories(dir);
            lock = LockFile.tryLock(lockFile);
        } catch (IOException e) {
            throw new EventStorageException("cannot lock directory " + dir + ": " + e, e);
        }
        if (lock == null) {
            throw new StreamLockedException("directory " + dir + " is locked by " + LockFile.holder(lockFile)
                    + " (lock file " + lockFile + "); only one process may open a stream's directory at a time:"
                    + " close the stream that holds it (EventStream.close or EventStreams.close) or stop that"
                    + " process", null);
        }
        return new DirectoryLock(dir, lock);
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
    public void close() {
        lock.close();
    }
}
