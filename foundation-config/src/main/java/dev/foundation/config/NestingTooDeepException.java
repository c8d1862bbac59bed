package dev.foundation.config;

/**
 * The input nests sections or lists deeper than the configured limit ({@code maxNestingDepth}); parsing stops at the limit, so deep input can never overflow the stack.
 */
public class NestingTooDeepException extends ConfigParseException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param source  the file
     * @param line    1-based line, or -1 when unknown
     * @param column  1-based column, or -1 when unknown
     * @param message what is wrong at that place
     */
    public NestingTooDeepException(String source, int line, int column, String message) {
        super(source, line, column, message, null);
    }
}
