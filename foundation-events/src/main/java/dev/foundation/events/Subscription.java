package dev.foundation.events;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A live subscription to a stream, returned by {@link EventStream#subscribe(String, SubscriberSpec)}.
 *
 * <p>On a durable stream the subscription is durable: after each successful batch its committed offset for
 * that partition is written atomically under the stream's directory, and a later {@code subscribe} with the
 * same name (in this or a restarted process) resumes from there. Delivery is at-least-once.
 *
 * <p>Failure: if reading a partition of a durable stream fails (a record found corrupt by its checksum while
 * the stream is open, an I/O error), that partition stops: the events read before the failure are delivered and
 * committed, nothing after it is read. The subscription reports it in {@link #failure()} (a health check can
 * poll it), in the gauge {@code foundation.events.failed.partitions}, and {@link #awaitCaughtUp(Duration)}
 * throws it at once; it is logged once. The other partitions go on, those on the same worker thread too. The
 * subscription stays live ({@link #isCancelled()} is {@code false}) until it is cancelled or its stream closes.
 */
public interface Subscription extends AutoCloseable {

    /**
     * The subscription's name.
     *
     * @return the name
     */
    String name();

    /**
     * The stream's name.
     *
     * @return the stream's name
     */
    String stream();

    /**
     * Per partition, the next offset this subscription will deliver (everything before it was handled,
     * filtered, dropped or dead-lettered).
     *
     * @return the committed offsets, indexed by partition
     */
    List<Long> committedOffsets();

    /**
     * Counters and lag.
     *
     * @return the stats
     */
    SubscriptionStats stats();

    /**
     * The error that stopped a partition of this subscription, if any: a {@link CorruptedLogException} for a
     * corrupt record, an {@link EventStorageException} for another storage failure. Its message names the
     * subscription, the stream, the partition and the offset, and says how to recover. Once present it stays.
     *
     * @return the first such error, or empty while every partition is being read
     */
    Optional<EventStreamException> failure();

    /**
     * Waits until every event published before this call has been committed by this subscription.
     *
     * @param timeout the longest wait
     * @return {@code true} if caught up, {@code false} on timeout or if cancelled first
     * @throws InterruptedException  if interrupted while waiting
     * @throws EventStreamException  at once, if a partition that is not caught up was stopped by a failure
     *                               (the one {@link #failure()} reports for it)
     */
    boolean awaitCaughtUp(Duration timeout) throws InterruptedException;

    /**
     * How many worker threads deliver to the handler now: the requested concurrency, at most one per partition.
     *
     * @return the worker count
     */
    int concurrency();

    /**
     * Changes how many worker threads deliver to the handler, while the subscription runs (for example from an
     * analytics {@code ScalingPolicy} whose target is {@code subscription::setConcurrency}). The current workers
     * finish the batch their handler call is running, hand their partitions over and stop; new workers take the
     * partitions with their state (buffered events, a batch waiting for a retry, committed offsets), so nothing is
     * delivered twice or skipped and each partition stays in order. Returns once the new workers run: it waits for
     * handler calls in progress. More workers than partitions are not started.
     *
     * @param threads the new concurrency, {@code >= 1}
     * @throws IllegalArgumentException if {@code threads < 1}
     * @throws IllegalStateException    if the subscription is cancelled, or if called from its own handler
     */
    void setConcurrency(int threads);

    /**
     * Stops delivery: no handler call starts after this returns (one already running finishes first, unless
     * this is called from the handler itself). A partial batch is not delivered and, on a durable stream, not
     * committed, so a later subscription with the same name receives it again. Idempotent.
     */
    void cancel();

    /**
     * Whether {@link #cancel()} was called or the stream closed.
     *
     * @return {@code true} once stopped
     */
    boolean isCancelled();

    /** Same as {@link #cancel()}. */
    @Override
    default void close() {
        cancel();
    }
}
