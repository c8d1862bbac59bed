/**
 * The implementation of foundation-events; not exported.
 *
 * <p>{@code EventStreamsImpl} is the registry; {@code StreamImpl} a stream over one {@code PartitionStore} per
 * partition: {@code MemoryPartition} (a lock-serialised ring buffer whose gates are the subscribers' cursors)
 * or {@code DiskPartition} (a {@code log.PartitionLog}). Everything above the store is shared:
 * {@code SubscriptionImpl} (lanes per partition on worker threads, batching timers, retries, dead letters,
 * commits through a {@code CommitStore}), {@code FlowSubscription} (the Flow publisher's drain loop),
 * {@code StreamFlowSubscriber}, and {@code ProjectionImpl} (a subscription whose commit is an atomic snapshot of
 * state and offsets). The {@code log} package is the durable storage engine.
 */
package dev.foundation.events.internal;
