package dev.foundation.events;

import dev.foundation.core.Codec;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.BiFunction;

/**
 * A named, partitioned stream of events, in memory or on disk: the API is the same, only the
 * {@link StreamSpec#persistence(Persistence) persistence} differs. Created by
 * {@link EventStreams#create(String, StreamSpec)}; thread-safe.
 *
 * @param <T> the event value type
 */
public interface EventStream<T> extends AutoCloseable {

    /**
     * The stream's name.
     *
     * @return the name
     */
    String name();

    /**
     * The spec the stream was created with.
     *
     * @return the spec
     */
    StreamSpec<T> spec();

    /**
     * Publishes an event to the partition of its key (or the next one round-robin).
     *
     * <p>On a memory stream the returned stage is already complete when this returns. On a durable stream it
     * completes when the event is as durable as the {@link FsyncPolicy} promises, or exceptionally with
     * {@link EventStorageException} if the write failed.
     *
     * <p>Storage faults on a durable stream: the exception's message names the stream, the partition, the
     * partition's directory and the underlying {@link java.io.IOException} (its cause chain ends with it). Events
     * acknowledged before the fault stay readable, and no event whose publish failed is ever delivered half
     * written.
     * <ul>
     *   <li>A failed write (disk full, I/O error) fails the publishes it carried; the partition's log is cut back
     *       to its last acknowledged event and keeps accepting publishes, so a publish succeeds again once the
     *       cause is gone (space freed). The events of the failed publishes are not stored (should even cutting
     *       back fail, the partition turns failed as below).</li>
     *   <li>A failed {@code force} (fsync) is not retried, as the operating system may have dropped the data it
     *       could not write: the publishes waiting for it fail, the partition turns failed and every later
     *       publish to it fails with a message saying so, until the stream is closed and created again
     *       ({@link EventStreams#create(String, StreamSpec)}), which recovers the log. The events whose force
     *       failed may or may not be present after that recovery. Other partitions are not affected.</li>
     * </ul>
     *
     * @param event the value, not {@code null}
     * @return the receipt: partition and offset
     * @throws BackpressureException if the partition's buffer is full ({@link Overflow#FAIL}, or
     *                               {@link Overflow#BLOCK} after the block timeout)
     * @throws IllegalStateException if the stream is closed
     * @throws dev.foundation.core.CodecException if a durable stream's codec cannot encode the value: whatever
     *                               the codec threw (or its returning {@code null}) is reported as a
     *                               {@code CodecException} naming the codec and the stream, with the codec's
     *                               exception as its cause; nothing is stored. A memory stream keeps values as
     *                               objects and never calls the codec.
     */
    CompletionStage<Receipt> publish(T event);

    /**
     * Starts a subscription. On a durable stream it resumes from its committed offsets if it ran before.
     *
     * @param name a name unique among this stream's live subscriptions: letters, digits, {@code . _ -}, 1 to 200
     *             characters, not {@code .} or {@code ..} (a durable subscription keeps its offsets in a directory
     *             of that name)
     * @param spec filter, batching, handler, start, concurrency, retry
     * @return the running subscription
     * @throws IllegalArgumentException if the name is invalid
     * @throws IllegalStateException if a live subscription has this name, or the stream is closed
     */
    Subscription subscribe(String name, SubscriberSpec<T> spec);

    /**
     * This stream as a {@link Flow.Publisher}: each Flow subscriber gets its own cursor and receives events in
     * partition order, never more than it requested. Under {@link Overflow#BLOCK} a slow Flow subscriber
     * back-pressures publishers like any subscription.
     *
     * @param spec where to start, and whether to complete after catching up
     * @return a publisher (each {@code subscribe} is independent)
     */
    Flow.Publisher<Event<T>> asPublisher(PublisherSpec spec);

    /**
     * Same as {@code asPublisher(PublisherSpec.LIVE)}.
     *
     * @return a live publisher
     */
    default Flow.Publisher<Event<T>> asPublisher() {
        return asPublisher(PublisherSpec.LIVE);
    }

    /**
     * A {@link Flow.Subscriber} that publishes what it receives into this stream, requesting from its source
     * only as much as the stream has free buffer space (at least one at a time). Subscribe it to one source.
     *
     * @return a new subscriber
     */
    Flow.Subscriber<T> asSubscriber();

    /**
     * Starts (or resumes, on a durable stream) a projection, with the state encoded as JSON of the initial
     * state's class. The fold runs on the projection's own thread without any lock of the projection held: it may
     * read the projection and may wait for another thread that uses it, {@link Projection#rebuild()} included.
     *
     * @param name         a name unique among this stream's projections (same rules as a subscription's name)
     * @param initialState the state before any event
     * @param fold         the next state from the current one and an event value; must not mutate its input
     * @param <S>          the state type
     * @return the running projection
     */
    <S> Projection<S> projection(String name, S initialState, BiFunction<S, ? super T, S> fold);

    /**
     * Starts (or resumes) a projection whose state is snapshotted with the given codec. The codec, like the fold,
     * runs without any lock of the stream or the projection held: decoding a snapshot here may wait for another
     * thread that uses the stream.
     *
     * @param name         a name unique among this stream's projections (same rules as a subscription's name)
     * @param initialState the state before any event
     * @param fold         the next state from the current one and an event value
     * @param stateCodec   the codec of the state
     * @param <S>          the state type
     * @return the running projection
     */
    <S> Projection<S> projection(String name, S initialState, BiFunction<S, ? super T, S> fold, Codec<S> stateCodec);

    /**
     * The stream {@code <name>.dead-letter} receiving the events whose handler failed every attempt; a
     * stream of its own (one partition, same persistence) that can be subscribed to like any other.
     *
     * @return the dead-letter stream
     * @throws UnsupportedOperationException if this is itself a dead-letter stream
     */
    EventStream<DeadLetter<T>> deadLetters();

    /**
     * Counters and offsets.
     *
     * @return the stats
     */
    StreamStats stats();

    /**
     * Whether the stream is closed.
     *
     * @return {@code true} once {@link #close()} started
     */
    boolean isClosed();

    /**
     * Closes with the registry's drain timeout: see {@link #close(Duration)}.
     */
    @Override
    void close();

    /**
     * Stops accepting publishes ({@link IllegalStateException}), lets subscriptions deliver what is buffered
     * for up to {@code drainTimeout} (partial batches are delivered at once), logs what could not be
     * delivered, stops every thread of the stream and closes its files. Idempotent.
     *
     * @param drainTimeout the longest wait for subscribers to catch up
     */
    void close(Duration drainTimeout);
}
