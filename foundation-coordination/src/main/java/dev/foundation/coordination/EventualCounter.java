package dev.foundation.coordination;

/**
 * A high-throughput, eventually consistent cluster-wide counter (a CRDT PN-counter on Hazelcast): each member
 * counts locally and replicas converge by gossip.
 *
 * <p>{@link #get()} may not yet include updates made on other members a moment ago. Under a network partition
 * both sides keep counting and the counts merge without loss when it heals. Under a member crash the updates that
 * member had not yet replicated (normally less than a second's worth) are lost. Use {@link Counter} when you
 * need a single order or exact reads.
 */
public interface EventualCounter {

    /**
     * The counter's name.
     *
     * @return the name
     */
    String name();

    /**
     * This member's current view of the value.
     *
     * @return the value
     */
    long get();

    /**
     * Adds one.
     *
     * @return this member's view of the value after the increment
     */
    default long incrementAndGet() {
        return addAndGet(1);
    }

    /**
     * Adds {@code delta} (may be negative).
     *
     * @param delta the amount to add
     * @return this member's view of the value after the update
     */
    long addAndGet(long delta);
}
