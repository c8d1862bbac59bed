/**
 * Named, partitioned event streams with back-pressure, filters, batching and Flow interop, in memory or
 * durable on disk.
 *
 * <h2>Streams</h2>
 * {@link dev.foundation.events.EventStreams} is the registry and entry point: {@code create(name, spec)} makes
 * an {@link dev.foundation.events.EventStream} from a {@link dev.foundation.events.StreamSpec} (value type and
 * codec, partition count and key function, buffer size, {@link dev.foundation.events.Overflow} strategy, and
 * {@link dev.foundation.events.Persistence}). A stream is the same object whether it lives in memory or on
 * disk: only its persistence differs. Each event gets a partition (same key, same partition, in publish
 * order; round-robin without a key) and an offset that is gap-free per partition and starts at 0;
 * {@link dev.foundation.events.EventStream#publish(Object) publish} returns a
 * {@link dev.foundation.events.Receipt} saying where it went.
 *
 * <h2>Back-pressure</h2>
 * A memory stream keeps each partition in a ring buffer of {@code bufferSize} events. When the slowest
 * subscriber of a partition is a full buffer behind, the overflow strategy decides: BLOCK (wait, then
 * {@link dev.foundation.events.BackpressureException}), FAIL, DROP_OLDEST or DROP_NEWEST (both counted). Memory
 * stays bounded whatever the publish rate. A durable stream never blocks publishers on readers: a lagging
 * subscriber reads from disk.
 *
 * <h2>Subscriptions</h2>
 * {@link dev.foundation.events.EventStream#subscribe(String, SubscriberSpec) subscribe} takes a
 * {@link dev.foundation.events.SubscriberSpec}: a filter applied before batching, batches by size and timeout
 * (a timer delivers a partial batch), per-partition order, partitions processed in parallel up to a
 * concurrency, a {@link dev.foundation.events.StartPosition}, and a {@link dev.foundation.events.RetryPolicy}
 * after which a failing batch goes to the dead-letter stream {@code <stream>.dead-letter} as
 * {@link dev.foundation.events.DeadLetter}s. On a durable stream a subscription commits its offsets atomically
 * after each successful batch and resumes from them after a restart (at-least-once).
 *
 * <h2>Flow interop and projections</h2>
 * {@link dev.foundation.events.EventStream#asPublisher(PublisherSpec)} is a
 * {@link java.util.concurrent.Flow.Publisher} that honours {@code request(n)} and passes the Reactive Streams
 * TCK; {@link dev.foundation.events.EventStream#asSubscriber()} publishes a Flow source into a stream.
 * {@link dev.foundation.events.EventStream#projection(String, Object, java.util.function.BiFunction)} folds a
 * stream into a {@link dev.foundation.events.Projection} whose state and offsets are snapshotted together, so
 * each event affects the state exactly once across restarts.
 *
 * <h2>Errors</h2>
 * {@link dev.foundation.events.EventStreamException} is the root of the module's exceptions;
 * {@link dev.foundation.events.EventStorageException} and its subclasses report disk faults, a locked
 * directory or a corrupt log. Calls on a closed stream throw {@link java.lang.IllegalStateException}. A disk
 * fault fails the publishes it hit and never loses an acknowledged event (see
 * {@link dev.foundation.events.EventStream#publish(Object)}); tests inject such faults through
 * {@link dev.foundation.events.Persistence#channelOpener(dev.foundation.events.FileChannelOpener)}.
 */
package dev.foundation.events;
