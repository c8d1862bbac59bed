package dev.foundation.events.internal;

import dev.foundation.events.Event;
import java.util.List;

/**
 * A reader's position in one partition. Used by one thread at a time. On a memory partition an open cursor
 * also gates publishers: the buffer is full when the slowest open cursor is a full buffer behind.
 *
 * @param <T> the value type
 */
interface Cursor<T> extends AutoCloseable {

    /**
     * The next offset this cursor reads.
     *
     * @return the position
     */
    long position();

    /**
     * Whether events are readable at the position.
     *
     * @return {@code true} if a poll would return or skip something
     */
    boolean hasMore();

    /**
     * Reads up to {@code max} events at the position into {@code out}, advancing past them; events no longer
     * readable (overwritten or deleted by retention) are skipped and counted in {@link #takeSkipped()}.
     *
     * @param max the most to read
     * @param out where to add them
     * @return how many were added
     */
    int poll(int max, List<Event<T>> out);

    /**
     * The number of events skipped since the last call, and resets it.
     *
     * @return skipped events
     */
    long takeSkipped();

    /** Releases the cursor (and its gate). */
    @Override
    void close();
}
