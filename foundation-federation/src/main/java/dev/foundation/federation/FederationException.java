package dev.foundation.federation;

/**
 * The root of every exception a federation throws on its own account (argument and state errors use the
 * standard {@link IllegalArgumentException} and {@link IllegalStateException}).
 */
public class FederationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what happened, to what, and what to do
     * @param cause   the underlying failure, or {@code null}
     */
    public FederationException(String message, Throwable cause) {
        super(message, cause);
    }
}
