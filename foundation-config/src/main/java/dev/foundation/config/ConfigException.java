package dev.foundation.config;

/**
 * Root of every exception foundation-config throws. Subclasses say what went wrong and where:
 * {@link ConfigValidationException} (values that do not bind or validate, unknown keys),
 * {@link ConfigSourceException} (a source that cannot be read or parsed) and its subclasses.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what happened, to what, and what to do
     */
    public ConfigException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what happened, to what, and what to do
     * @param cause   the underlying failure
     */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
