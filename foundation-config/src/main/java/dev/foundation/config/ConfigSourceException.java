package dev.foundation.config;

/**
 * A configuration source could not be read: a file is missing, unreadable, or (in a subclass) malformed,
 * too large, empty or hostile. The last good snapshot is kept when this happens during a reload.
 */
public class ConfigSourceException extends ConfigException {
    private static final long serialVersionUID = 1L;

    /** The source (usually a file path) that failed. */
    private final String source;

    /**
     * Creates an exception.
     *
     * @param source  the source that failed, e.g. a file path
     * @param message what happened and what to do
     */
    public ConfigSourceException(String source, String message) {
        super(message);
        this.source = source;
    }

    /**
     * Creates an exception with a cause.
     *
     * @param source  the source that failed, e.g. a file path
     * @param message what happened and what to do
     * @param cause   the underlying failure
     */
    public ConfigSourceException(String source, String message, Throwable cause) {
        super(message, cause);
        this.source = source;
    }

    /**
     * The source that failed.
     *
     * @return the source, usually a file path
     */
    public String source() {
        return source;
    }
}
