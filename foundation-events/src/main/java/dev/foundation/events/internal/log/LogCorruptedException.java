package dev.foundation.events.internal.log;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file of the log failed its checksum or framing checks. Carries the file and the byte position of the first
 * invalid data so that an operator can inspect it; opening with {@link LogConfig#repairCorruption()} truncates
 * the log at the last valid record instead of failing.
 */
public class LogCorruptedException extends LogException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long position;

    /**
     * Creates an exception.
     *
     * @param file     the corrupt file
     * @param position byte position in {@code file} where the invalid data starts
     * @param reason   what check failed
     */
    public LogCorruptedException(Path file, long position, String reason) {
        super("corrupt data in " + Objects.requireNonNull(file, "file") + " at byte " + position + ": " + reason);
        this.file = file;
        this.position = position;
    }

    /**
     * Returns the corrupt file.
     *
     * @return the file (segment, index or atomic file) holding the invalid data
     */
    public Path file() {
        return file;
    }

    /**
     * Returns the byte position of the invalid data.
     *
     * @return byte position in {@link #file()}
     */
    public long position() {
        return position;
    }
}
