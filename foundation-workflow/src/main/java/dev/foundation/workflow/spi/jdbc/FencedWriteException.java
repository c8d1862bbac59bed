package dev.foundation.workflow.spi.jdbc;

/**
 * A checkpoint rejected by one of the store's guards: the row it changes is not in the state the change
 * expects (a step already completed, a later attempt started, a result for an attempt that is not running, an
 * instance that has already ended). Thrown by a JDBC store's SQL inside a group commit, it fails that one
 * checkpoint (its savepoint is rolled back) and not the others of the batch; the caller's future completes with
 * a {@link dev.foundation.workflow.WorkflowStoreException} carrying it as the cause.
 */
public class FencedWriteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message that says which change was rejected and why.
     *
     * @param message the message
     */
    public FencedWriteException(String message) {
        super(message);
    }
}
