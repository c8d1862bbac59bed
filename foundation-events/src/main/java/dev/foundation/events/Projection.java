package dev.foundation.events;

import java.time.Duration;
import java.util.List;

/**
 * A read model folded from a stream's events: {@code state = fold(state, event)} for every event, in order
 * within each partition.
 *
 * <p>On a durable stream the state and the offsets it reflects are snapshotted together, atomically, after
 * each batch (the state through a {@link dev.foundation.core.Codec}). After a restart the projection loads the
 * snapshot and replays only the events after it, so each event affects the state exactly once, whatever the
 * moment of a crash. On a memory stream the state lives in memory only.
 *
 * @param <S> the state type
 */
public interface Projection<S> extends AutoCloseable {

    /**
     * The projection's name.
     *
     * @return the name
     */
    String name();

    /**
     * The current state (it reflects exactly the events up to {@link #offsets()}).
     *
     * @return the state
     */
    S state();

    /**
     * Per partition, the next offset the projection will apply.
     *
     * @return offsets indexed by partition
     */
    List<Long> offsets();

    /**
     * Waits until every event published before this call has been applied.
     *
     * @param timeout the longest wait
     * @return {@code true} if caught up in time
     * @throws InterruptedException if interrupted while waiting
     * @throws EventStreamException at once, if reading a partition failed (a corrupt record, an I/O error): that
     *                              partition is not applied further, see {@link Subscription#failure()}
     */
    boolean awaitCaughtUp(Duration timeout) throws InterruptedException;

    /**
     * Discards the state and its snapshot and folds the whole retained history again from the initial state.
     * Returns once the rebuild has started; use {@link #awaitCaughtUp(Duration)} to wait for it. A fold in
     * progress is stopped first (it is given a second, then interrupted) without holding the projection's lock,
     * so the fold may wait for a thread that reads this projection meanwhile; such a read answers for the fold
     * being stopped.
     */
    void rebuild();

    /** Stops the projection; its last snapshot stays on disk. Idempotent. */
    @Override
    void close();
}
