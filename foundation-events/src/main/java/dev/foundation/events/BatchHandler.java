package dev.foundation.events;

import java.util.List;

/**
 * Handles one batch of events of one partition, in offset order. Throwing makes the subscription retry the
 * whole batch (see {@link RetryPolicy}), so a handler should be idempotent: delivery is at-least-once.
 *
 * @param <T> the event value type
 */
@FunctionalInterface
public interface BatchHandler<T> {

    /**
     * Handles a batch.
     *
     * @param batch the events, never empty, all of one partition, in offset order; not modifiable
     * @throws Exception to have the batch retried and finally dead-lettered
     */
    void handle(List<Event<T>> batch) throws Exception;
}
