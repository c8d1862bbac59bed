package dev.foundation.coordination;

/**
 * A linearizable cluster-wide counter: every operation is applied by the one member that owns the counter's
 * partition, in one order, and acknowledged only after its synchronous backup has it.
 *
 * <p>Under a member crash acknowledged updates survive (the backup is promoted). An update whose owner dies while
 * it is in flight may be retried on the new owner by Hazelcast and so applied twice; under a network partition
 * both sides may update their own copy until split-brain protection refuses the minority
 * ({@link ClusterBelowMinimumSizeException}), and after the partition heals the minority's updates are discarded.
 */
public interface Counter {

    /**
     * The counter's name.
     *
     * @return the name
     */
    String name();

    /**
     * The current value.
     *
     * @return the value (0 for a counter never updated)
     */
    long get();

    /**
     * Adds one.
     *
     * @return the value after the increment
     */
    default long incrementAndGet() {
        return addAndGet(1);
    }

    /**
     * Adds {@code delta} (may be negative).
     *
     * @param delta the amount to add
     * @return the value after the update
     */
    long addAndGet(long delta);

    /**
     * Sets the value to {@code update} if it is {@code expected}.
     *
     * @param expected the value expected
     * @param update   the new value
     * @return {@code true} if the value was updated
     */
    boolean compareAndSet(long expected, long update);
}
