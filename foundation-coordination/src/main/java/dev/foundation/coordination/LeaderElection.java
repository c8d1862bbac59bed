package dev.foundation.coordination;

import java.util.Optional;

/**
 * This member's candidacy in a named election. At most one candidate holds a term at a time as seen by the
 * election's store; each term has a strictly increasing number. The leader renews its term at a third of
 * {@link CoordinationConfig#leaderLease()}; a leader that cannot renew calls {@link LeadershipListener#revoked}
 * before its term can expire elsewhere (the deadline is shortened by {@link CoordinationConfig#clockDriftRate()}).
 *
 * <p>{@link #close()} withdraws the candidacy, releasing leadership if held; it is idempotent.
 */
public interface LeaderElection extends AutoCloseable {

    /**
     * The election's name.
     *
     * @return the name
     */
    String name();

    /**
     * This candidate's id, unique in the cluster; it is {@link Leadership#leaderId()} when this candidate leads.
     *
     * @return the candidate id
     */
    String candidateId();

    /**
     * Whether this candidate currently holds a term whose safe deadline has not passed.
     *
     * @return {@code true} if leader
     */
    boolean isLeader();

    /**
     * The current term as stored in the cluster (any candidate's), read now.
     *
     * @return the current leadership, or empty if no candidate holds an unexpired term
     * @throws ClusterBelowMinimumSizeException if this member is in a minority
     */
    Optional<Leadership> currentLeader();

    /**
     * Gives up leadership if held ({@code revoked} is called), then stays a candidate but lets one renewal
     * interval pass before competing again, so that another candidate can take over. Does nothing if not leader.
     */
    void resign();

    /** Withdraws from the election, releasing leadership if held. */
    @Override
    void close();
}
