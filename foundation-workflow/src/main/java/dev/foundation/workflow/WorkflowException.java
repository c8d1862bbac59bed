package dev.foundation.workflow;

/**
 * The root of every unchecked exception the workflow module throws. Subclasses say what a caller can do.
 */
public class WorkflowException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what happened, to what, and what to do
     */
    public WorkflowException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what happened, to what, and what to do
     * @param cause   the underlying failure
     */
    public WorkflowException(String message, Throwable cause) {
        super(message, cause);
    }
}
