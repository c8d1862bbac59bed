package dev.foundation.events;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file of a durable stream failed its checksum or framing checks: a record of a segment, the stream's
 * metadata, a subscription's committed offsets or a projection's snapshot. The message names the file, the byte
 * position and what to do, which depends on the file: a corrupt closed segment makes
 * {@link EventStreams#create(String, StreamSpec)} refuse the stream unless it is created with
 * {@link Persistence#repairCorruption(boolean) repairCorruption(true)} (which truncates the log at the last valid
 * record, losing the events after it); a record found corrupt while the stream is open stops that partition of
 * the subscription that read it (see {@link Subscription#failure()}).
 */
public class CorruptedLogException extends EventStorageException {

    private static final long serialVersionUID = 1L;

    /** The corrupt file, or null if unknown. */
    private final transient Path file;
    /** The byte position of the invalid data in {@link #file}, or -1. */
    private final long position;

    /**
     * Creates an exception for invalid data found in a file.
     *
     * @param file     the corrupt file
     * @param position the byte position in {@code file} where the invalid data starts
     * @param problem  what check failed, and what to do
     */
    public CorruptedLogException(Path file, long position, String problem) {
        super("corrupt data in " + Objects.requireNonNull(file, "file") + " at byte " + position + ": " + problem,
                null);
        this.file = file;
        this.position = position;
    }

    /**
     * Creates an exception that says more about another one (which stream, which subscription, what to do); the
     * file and position are those of {@code cause} if it is a {@code CorruptedLogException}.
     *
     * @param message where the corruption is and what to do
     * @param cause   the underlying failure
     */
    public CorruptedLogException(String message, Throwable cause) {
        super(message, cause);
        CorruptedLogException c = cause instanceof CorruptedLogException ? (CorruptedLogException) cause : null;
        this.file = c == null ? null : c.file;
        this.position = c == null ? -1 : c.position;
    }

    /**
     * The corrupt file.
     *
     * @return the file (a segment, {@code stream.meta}, an offset or snapshot file), or {@code null} if unknown
     */
    public Path file() {
        return file;
    }

    /**
     * Where the invalid data starts.
     *
     * @return the byte position in {@link #file()}, or -1 if unknown
     */
    public long position() {
        return position;
    }
}
