package dev.foundation.events;

/**
 * A durable stream's log holds a corrupt record before its tail (a CRC mismatch in a closed segment), so the
 * stream refused to open. The message names the segment and position. Restore the directory from a backup,
 * or open it with {@link Persistence#repairCorruption(boolean) repairCorruption(true)}, which truncates the
 * log at the last valid record (the events after it are lost).
 */
public class CorruptedLogException extends EventStorageException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message where the corruption is and what to do
     * @param cause   the underlying failure
     */
    public CorruptedLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
