package dev.foundation.lifecycle;

/** The root of every exception the lifecycle module throws. */
public class LifecycleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what happened, to what, and what to do
     * @param cause   the underlying failure, or {@code null}
     */
    public LifecycleException(String message, Throwable cause) {
        super(message, cause);
    }
}
