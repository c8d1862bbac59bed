package dev.foundation.coordination;

/**
 * Told when this candidate becomes leader and when it stops being leader. Calls for one election arrive in order
 * on the coordination's event thread: never two {@code elected} without a {@code revoked} between them.
 */
public interface LeadershipListener {

    /**
     * This candidate won a term. Use {@link Leadership#term()} as the fencing token of everything it writes.
     *
     * @param leadership the term won
     */
    void elected(Leadership leadership);

    /**
     * This candidate's term ended: it resigned, the election was closed, renewal found another leader, renewal
     * failed until the term's safe deadline, or the cluster fell below its minimum size. Stop acting as leader.
     *
     * @param leadership the term that ended
     */
    void revoked(Leadership leadership);
}
