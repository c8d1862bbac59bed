package dev.foundation.events.internal;

import dev.foundation.events.Receipt;
import dev.foundation.events.StartPosition;
import java.util.concurrent.CompletableFuture;

/**
 * One partition's storage, in memory or on disk: the only thing that differs between the two kinds of
 * stream. Thread-safe.
 *
 * @param <T> the value type
 */
interface PartitionStore<T> extends AutoCloseable {

    /**
     * Appends an event, applying back-pressure (memory) or writing to the log (disk).
     *
     * @param timestampMillis the publish time
     * @param key             the key or null
     * @param value           the value
     * @return the receipt, completing when durable per the policy
     */
    CompletableFuture<Receipt> append(long timestampMillis, String key, T value);

    /**
     * The oldest readable offset.
     *
     * @return the offset
     */
    long startOffset();

    /**
     * The offset the next event gets, as visible to readers (durable events only, on disk).
     *
     * @return the offset
     */
    long endOffset();

    /**
     * Opens a cursor at a start position, atomically with respect to appends.
     *
     * @param start the start
     * @param gating whether the cursor holds back publishers (memory streams)
     * @return the cursor
     */
    Cursor<T> openCursor(StartPosition start, boolean gating);

    /**
     * Registers a listener called (on the publisher's thread) after each append becomes readable.
     *
     * @param listener the listener
     */
    void addListener(Runnable listener);

    /**
     * Removes a listener.
     *
     * @param listener the listener
     */
    void removeListener(Runnable listener);

    /**
     * Events this store accepted since it was opened (the {@code published} count of the stream's statistics).
     *
     * @return the count
     */
    long published();

    /**
     * Events buffered for the slowest gating cursor (memory), or 0.
     *
     * @return occupancy
     */
    long occupancy();

    /**
     * Free buffer space for publishers.
     *
     * @return events that can be published without overflow
     */
    long freeCapacity();

    /**
     * Whether appends become readable as soon as they are made (a memory ring), so that an idle reader is likely
     * to find the next one within microseconds and may spin briefly before parking. A durable log acknowledges
     * appends at the pace of its disk writes and forces; its readers park at once.
     *
     * @return whether readers may spin while waiting
     */
    boolean appendsVisibleAtOnce();

    /** Stops accepting appends and wakes blocked publishers. */
    void shutdownInput();

    /** Releases resources. */
    @Override
    void close();
}
