package dev.foundation.cache;

/**
 * The root of every exception the cache throws on its own account (argument and state errors use the
 * standard {@link IllegalArgumentException} and {@link IllegalStateException}).
 */
public class CacheException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what happened, to what, and what to do
     * @param cause   the underlying failure, or {@code null}
     */
    public CacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
