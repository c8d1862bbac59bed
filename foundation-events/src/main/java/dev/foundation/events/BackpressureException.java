package dev.foundation.events;

/**
 * A publish was refused because a partition's buffer was full: at once with {@link Overflow#FAIL}, or after
 * {@link StreamSpec#blockTimeout()} with {@link Overflow#BLOCK}. The event was not stored; publishing it
 * again later is safe.
 */
public class BackpressureException extends EventStreamException {

    private static final long serialVersionUID = 1L;

    /** The stream that refused the event. */
    private final String stream;
    /** The full partition. */
    private final int partition;

    /**
     * Creates an exception.
     *
     * @param stream    the stream's name
     * @param partition the full partition
     * @param message   what happened and what to do
     */
    public BackpressureException(String stream, int partition, String message) {
        super(message);
        this.stream = stream;
        this.partition = partition;
    }

    /**
     * The stream that refused the event.
     *
     * @return the stream's name
     */
    public String stream() {
        return stream;
    }

    /**
     * The partition whose buffer was full.
     *
     * @return the partition index
     */
    public int partition() {
        return partition;
    }
}
