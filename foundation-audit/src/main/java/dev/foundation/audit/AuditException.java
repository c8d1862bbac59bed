package dev.foundation.audit;

/**
 * The root of foundation-audit's exceptions: a trail that cannot be opened, read or written, or a verification
 * that could not run. Subclasses say more; the message says what happened, to what, and what to do.
 */
public class AuditException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what happened and what to do
     */
    public AuditException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what happened and what to do
     * @param cause   the underlying failure
     */
    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
