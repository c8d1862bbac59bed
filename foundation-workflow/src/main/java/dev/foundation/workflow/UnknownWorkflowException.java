package dev.foundation.workflow;

/**
 * No definition with the requested name (or version) is registered with the engine.
 */
public class UnknownWorkflowException extends WorkflowException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what happened, to what, and what to do
     */
    public UnknownWorkflowException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what happened, to what, and what to do
     * @param cause   the underlying failure
     */
    public UnknownWorkflowException(String message, Throwable cause) {
        super(message, cause);
    }
}
