package dev.foundation.workflow;

/**
 * A workflow definition is invalid (cycle, unknown step, duplicate name...); the message names the offenders.
 */
public class WorkflowDefinitionException extends WorkflowException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what happened, to what, and what to do
     */
    public WorkflowDefinitionException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what happened, to what, and what to do
     * @param cause   the underlying failure
     */
    public WorkflowDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
