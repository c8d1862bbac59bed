package dev.foundation.config;

/**
 * A configuration file has no content (or only comments). Use {@code optionalFile} for files that may be
 * absent, and put at least the prefix's section in files that are given.
 */
public class EmptyConfigFileException extends ConfigSourceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param source the file
     */
    public EmptyConfigFileException(String source) {
        super(source, source + ": the file is empty (no keys, only whitespace or comments); "
                + "add the configuration or remove the file from the sources");
    }
}
