package dev.foundation.events.internal.log;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A log directory is already locked by another process, or by another open {@link PartitionLog} of this
 * process: only one writer may own a directory at a time.
 */
public class LogLockedException extends LogException {
    private static final long serialVersionUID = 1L;

    private final transient Path directory;

    /**
     * Creates an exception.
     *
     * @param directory the locked directory
     * @param message   who holds the lock and what to do
     */
    public LogLockedException(Path directory, String message) {
        super(message);
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * Returns the locked directory.
     *
     * @return the directory whose lock could not be taken
     */
    public Path directory() {
        return directory;
    }
}
