package dev.foundation.events;

/**
 * A point-in-time view of a subscription. Over the life of a subscription on a memory stream, every event
 * published after it started is exactly one of delivered, filtered, dropped (by {@link Overflow#DROP_OLDEST}),
 * dead-lettered, or still pending (counted in {@link #lag()}).
 *
 * @param delivered    events handed to the handler in batches that succeeded
 * @param filtered     events the filter rejected
 * @param dropped      events overwritten before this subscription read them ({@link Overflow#DROP_OLDEST}),
 *                     or deleted by retention before a durable subscription read them
 * @param deadLettered events whose batch failed every attempt and went to the dead-letter stream
 * @param retries      handler calls that were retries of a failed batch
 * @param batches      batches delivered successfully
 * @param lag          events published but not yet committed by this subscription, over all partitions
 */
public record SubscriptionStats(long delivered, long filtered, long dropped, long deadLettered, long retries,
                                long batches, long lag) {
}
