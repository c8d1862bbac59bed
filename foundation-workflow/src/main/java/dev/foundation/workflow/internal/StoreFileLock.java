package dev.foundation.workflow.internal;

import dev.foundation.workflow.WorkflowStoreException;
import dev.foundation.workflow.WorkflowStoreLockedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a store file, held through an operating-system lock on a lock file beside it
 * ({@code <file>.lock}). The operating system releases it when the owning process dies, so a crashed engine
 * leaves no stale lock; a second lock in the same process is refused too. The lock file records the holder's
 * process id for the error message.
 */
final class StoreFileLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private StoreFileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of a store file. */
    static Path lockFileOf(Path storeFile) {
        Path abs = storeFile.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".lock");
    }

    /**
     * Locks a store file (its directory must exist).
     *
     * @throws WorkflowStoreLockedException if another engine, in this process or another, holds it
     * @throws WorkflowStoreException       if the lock file cannot be created
     */
    static StoreFileLock acquire(Path storeFile) {
        Path lockFile = lockFileOf(storeFile);
        FileChannel ch = null;
        try {
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
                throw new WorkflowStoreLockedException("workflow store " + storeFile + " is in use by " + owner
                        + " (lock file " + lockFile + "): only one engine may open a SQLite store at a time; close"
                        + " the other engine or stop that process, or use a file of its own (several nodes share"
                        + " work only on PostgresWorkflowStores.postgres(...) with cluster(...))");
            }
            byte[] pid = ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8);
            ch.truncate(0);
            ByteBuffer buf = ByteBuffer.wrap(pid);
            long pos = 0;
            while (buf.hasRemaining()) {
                pos += ch.write(buf, pos);
            }
            return new StoreFileLock(ch, lock);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new WorkflowStoreException("cannot lock workflow store " + storeFile + " (lock file " + lockFile
                    + "): " + e, e);
        }
    }

    private static String readOwner(FileChannel ch) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(64);
            long pos = 0;
            int n;
            while (buf.hasRemaining() && (n = ch.read(buf, pos)) > 0) {
                pos += n;
            }
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).trim();
            if (text.isEmpty()) {
                return "another engine (its process id is not written yet)";
            }
            return text.equals("pid " + ProcessHandle.current().pid())
                    ? "another engine in this process (" + text + ")" : "another process (" + text + ")";
        } catch (IOException e) {
            return "another engine";
        }
    }

    /** Releases the lock; idempotent. The lock file stays (deleting it would race with the next holder). */
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
