package dev.foundation.config;

/**
 * A YAML, JSON or {@code .properties} file is malformed. The message starts with {@code file:line:column}.
 */
public class ConfigParseException extends ConfigSourceException {
    private static final long serialVersionUID = 1L;

    /** 1-based line, or -1 when unknown. */
    private final int line;
    /** 1-based column, or -1 when unknown. */
    private final int column;

    /**
     * Creates an exception.
     *
     * @param source  the file
     * @param line    1-based line, or -1 when unknown
     * @param column  1-based column, or -1 when unknown
     * @param message what is wrong at that place
     * @param cause   the parser's exception, or null
     */
    public ConfigParseException(String source, int line, int column, String message, Throwable cause) {
        super(source, source + ":" + line + ":" + column + ": " + message, cause);
        this.line = line;
        this.column = column;
    }

    /**
     * The line of the error.
     *
     * @return 1-based line, or -1 when unknown
     */
    public int line() {
        return line;
    }

    /**
     * The column of the error.
     *
     * @return 1-based column, or -1 when unknown
     */
    public int column() {
        return column;
    }
}
