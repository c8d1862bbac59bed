package dev.foundation.coordination;

/**
 * A linearizable cluster-wide counter: every operation is applied by the one member that owns the counter's
 * partition, in one order, and acknowledged only after all its synchronous backups have it
 * ({@code minimumClusterSize - 1}, at least one, so every majority holds a copy of an acknowledged update).
 *
 * <p>An update the backups do not confirm within Hazelcast's backup timeout is not acknowledged: it throws
 * {@link IndeterminateUpdateException} (it may or may not have been applied). A member that cannot confirm its
 * minimum cluster size refuses updates ({@link ClusterBelowMinimumSizeException}). So an acknowledged update
 * survives a member crash (a backup is promoted) and a network partition (the majority's copies have it); updates
 * a cut-off minority applied without acknowledging them are discarded when the partition heals. An update whose
 * owner dies while it is in flight may be retried on the new owner by Hazelcast and so applied twice.
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
