package dev.foundation.workflow;

/** The status of a workflow instance. */
public enum Status {
    /** Steps are running or waiting for a retry. */
    RUNNING(false),
    /** A step failed permanently (or the instance was cancelled or timed out): compensations are running. */
    COMPENSATING(false),
    /** Every step that should run completed. */
    COMPLETED(true),
    /** The instance failed and could not be fully compensated (or had nothing to compensate). */
    FAILED(true),
    /** A step failed permanently and every completed step was compensated. */
    COMPENSATED(true),
    /** The instance was cancelled and every completed step was compensated. */
    CANCELLED(true);

    private final boolean terminal;

    Status(boolean terminal) {
        this.terminal = terminal;
    }

    /**
     * Whether the instance will not change any more.
     *
     * @return {@code true} for COMPLETED, FAILED, COMPENSATED and CANCELLED
     */
    public boolean isTerminal() {
        return terminal;
    }
}
