package dev.foundation.coordination;

/**
 * The cluster this member sees is smaller than {@link CoordinationConfig#minimumClusterSize()}, so it refuses to
 * grant locks, leadership or counter updates: it may be on the minority side of a network partition, where a
 * grant could conflict with one made by the majority. Wait for the cluster to heal (members to rejoin) and retry.
 *
 * <p>Thrown in place of Hazelcast's {@code SplitBrainProtectionException}, whose message is kept as the cause.
 */
public class ClusterBelowMinimumSizeException extends CoordinationException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param what     the refused operation, e.g. {@code "acquire lock 'billing'"}
     * @param required the configured minimum cluster size
     * @param cause    the underlying refusal, or {@code null}
     */
    public ClusterBelowMinimumSizeException(String what, int required, Throwable cause) {
        super("refused to " + what + ": this member sees fewer than the minimum of " + required
                + " cluster members (possible network partition); retry once the cluster has healed", cause);
    }
}
