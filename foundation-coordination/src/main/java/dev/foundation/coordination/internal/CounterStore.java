package dev.foundation.coordination.internal;

/**
 * Where a backend keeps its linearizable counters: one atomic operation per call, nothing else. The checks and
 * errors every counter has (name, open coordination, minimum cluster size, overflow, translation of backend
 * failures) are written once, in {@link DefaultCoordination#counter(String)}.
 */
public interface CounterStore {

    /**
     * Reads a counter.
     *
     * @param name the counter
     * @return its value, 0 if never updated
     */
    long get(String name);

    /**
     * Adds to a counter atomically, unless the sum would pass {@code Long.MAX_VALUE} or {@code Long.MIN_VALUE}.
     *
     * @param name  the counter
     * @param delta the amount
     * @return the value after the update, or {@code null} (counter unchanged) if the sum would overflow
     */
    Long add(String name, long delta);

    /**
     * Sets a counter to {@code update} if it is {@code expected}, atomically.
     *
     * @param name     the counter
     * @param expected the value expected
     * @param update   the new value
     * @return whether it was set
     */
    boolean compareAndSet(String name, long expected, long update);
}
