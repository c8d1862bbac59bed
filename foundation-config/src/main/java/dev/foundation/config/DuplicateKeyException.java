package dev.foundation.config;

/**
 * A mapping (or a {@code .properties} file) names the same key twice; the message gives both lines.
 */
public class DuplicateKeyException extends ConfigParseException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param source  the file
     * @param line    1-based line, or -1 when unknown
     * @param column  1-based column, or -1 when unknown
     * @param message what is wrong at that place
     */
    public DuplicateKeyException(String source, int line, int column, String message) {
        super(source, line, column, message, null);
    }
}
