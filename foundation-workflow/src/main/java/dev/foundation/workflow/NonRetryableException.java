package dev.foundation.workflow;

/**
 * A step failure that must not be retried: throw it (or any exception implementing {@link NonRetryable}) from a step to fail it permanently at once.
 */
public class NonRetryableException extends WorkflowException implements NonRetryable {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what happened, to what, and what to do
     */
    public NonRetryableException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what happened, to what, and what to do
     * @param cause   the underlying failure
     */
    public NonRetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
