package dev.foundation.workflow;

/**
 * A step attempt (or the whole workflow) ran longer than its timeout. Retryable unless the step's retry says otherwise.
 */
public class StepTimeoutException extends WorkflowException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what happened, to what, and what to do
     */
    public StepTimeoutException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what happened, to what, and what to do
     * @param cause   the underlying failure
     */
    public StepTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
