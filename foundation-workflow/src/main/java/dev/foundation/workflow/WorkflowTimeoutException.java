package dev.foundation.workflow;

/**
 * Waiting for an instance's result took longer than the given timeout; the instance keeps running.
 */
public class WorkflowTimeoutException extends WorkflowException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what happened, to what, and what to do
     */
    public WorkflowTimeoutException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what happened, to what, and what to do
     * @param cause   the underlying failure
     */
    public WorkflowTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
