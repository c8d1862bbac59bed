package dev.foundation.coordination;

import java.util.Objects;

/**
 * One term of leadership in an election.
 *
 * @param electionName the election
 * @param leaderId     the winning candidate's id (see {@link LeaderElection#candidateId()})
 * @param term         the term number: strictly greater than every earlier term of this election, usable as a
 *                     fencing token
 */
public record Leadership(String electionName, String leaderId, long term) {

    /**
     * Validates the fields.
     *
     * @param electionName the election
     * @param leaderId     the leader's candidate id
     * @param term         the term, {@code >= 1}
     */
    public Leadership {
        Objects.requireNonNull(electionName, "electionName");
        Objects.requireNonNull(leaderId, "leaderId");
        if (term < 1) {
            throw new IllegalArgumentException("term must be >= 1 but was " + term);
        }
    }
}
