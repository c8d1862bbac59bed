package dev.foundation.config;

/**
 * A YAML file uses more aliases, or expands them to more nodes, than the configured limits allow (the defence against "billion laughs" alias bombs).
 */
public class AliasLimitException extends ConfigParseException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param source  the file
     * @param line    1-based line, or -1 when unknown
     * @param column  1-based column, or -1 when unknown
     * @param message what is wrong at that place
     */
    public AliasLimitException(String source, int line, int column, String message) {
        super(source, line, column, message, null);
    }
}
