package dev.foundation.workflow.internal;

import dev.foundation.workflow.WorkflowStoreException;
import dev.foundation.workflow.WorkflowStoreLockedException;
import dev.foundation.core.internal.LockFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An exclusive lock on a store file, held through an operating-system lock on a lock file beside it
 * ({@code <file>.lock}). The operating system releases it when the owning process dies, so a crashed engine
 * leaves no stale lock; a second lock in the same process is refused too. The lock file records the holder's
 * process id for the error message.
 */
final class StoreFileLock implements AutoCloseable {

    private final LockFile lock;

    private StoreFileLock(LockFile lock) {
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
        LockFile lock;
        try {
            lock = LockFile.tryLock(lockFile);
        } catch (IOException e) {
            throw new WorkflowStoreException("cannot lock workflow store " + storeFile + " (lock file " + lockFile
                    + "): " + e, e);
        }
        if (lock == null) {
            String holder = LockFile.holder(lockFile);
            throw new WorkflowStoreLockedException("workflow store " + storeFile + " is in use by "
                    + (holder.startsWith("this process") ? "another engine in " + holder : holder)
                    + " (lock file " + lockFile + "): only one engine may open a SQLite store at a time; close"
                    + " the other engine or stop that process, or use a file of its own (several nodes share"
                    + " work only on PostgresWorkflowStores.postgres(...) with cluster(...))");
        }
        return new StoreFileLock(lock);
    }

    /** Releases the lock; idempotent. The lock file stays (deleting it would race with the next holder). */
    @Override
    public void close() {
        lock.close();
    }
}
