package dev.foundation.analytics;

/** The root of Foundation Analytics' unchecked exceptions: a callback, target or hook of the application failed. */
public class AnalyticsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, to what, and what to do
     * @param cause   the underlying failure, or {@code null}
     */
    public AnalyticsException(String message, Throwable cause) {
        super(message, cause);
    }
}
