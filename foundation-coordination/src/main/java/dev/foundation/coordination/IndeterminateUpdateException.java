package dev.foundation.coordination;

/**
 * An update was <b>not</b> acknowledged, and may or may not have been applied: the partition owner ran it, but not
 * every synchronous backup replica confirmed it within Hazelcast's backup timeout
 * ({@code hazelcast.operation.backup.timeout.millis}), typically because a network partition or a member failure
 * cut the owner off from a backup. An update only the owner has may be discarded when the cluster heals, so it is
 * reported as this failure rather than acknowledged: a linearizable counter never acknowledges an increment it
 * might lose. Read the current value (from a member of the majority) before deciding whether to retry.
 *
 * <p>Thrown in place of Hazelcast's {@code IndeterminateOperationStateException}, which is kept as the cause.
 */
public class IndeterminateUpdateException extends CoordinationException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param what  the operation that was not acknowledged, e.g. {@code "update counter 'orders'"}
     * @param cause the underlying failure, or {@code null}
     */
    public IndeterminateUpdateException(String what, Throwable cause) {
        this(what, "it was NOT acknowledged by every backup replica within the backup timeout", cause);
    }

    /**
     * Creates an exception with the reason the update was not acknowledged.
     *
     * @param what   the operation that was not acknowledged, e.g. {@code "update counter 'orders'"}
     * @param reason why, e.g. {@code "no answer within the operation timeout (PT10S)"}
     * @param cause  the underlying failure, or {@code null}
     */
    public IndeterminateUpdateException(String what, String reason, Throwable cause) {
        super("could not " + what + " with certainty: " + reason + ", so it may or may not have been applied"
                + " (a network partition or a member failure is likely); read the current state before retrying",
                cause);
    }
}
