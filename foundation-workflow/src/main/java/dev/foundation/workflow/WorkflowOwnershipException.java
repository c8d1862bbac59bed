package dev.foundation.workflow;

/**
 * A checkpoint was rejected because the writing node no longer owns the instance: its lease ran out and
 * another node claimed the instance (a higher epoch). The writer must stop running that instance; the new
 * owner carries on from the last accepted checkpoint.
 */
public class WorkflowOwnershipException extends WorkflowStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message which instance, the stale epoch and the current one
     */
    public WorkflowOwnershipException(String message) {
        super(message);
    }
}
