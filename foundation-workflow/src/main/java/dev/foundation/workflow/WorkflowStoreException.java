package dev.foundation.workflow;

/**
 * The store failed to read or write (I/O, database error, schema newer than this engine, fenced write).
 */
public class WorkflowStoreException extends WorkflowException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what happened, to what, and what to do
     */
    public WorkflowStoreException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what happened, to what, and what to do
     * @param cause   the underlying failure
     */
    public WorkflowStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
