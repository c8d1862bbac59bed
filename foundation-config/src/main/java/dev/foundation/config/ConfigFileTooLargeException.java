package dev.foundation.config;

/**
 * A configuration file is larger than the configured {@code maxFileSize}; it is not parsed at all.
 */
public class ConfigFileTooLargeException extends ConfigSourceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param source the file
     * @param size   its size in bytes (at least {@code limit + 1})
     * @param limit  the configured limit in bytes
     */
    public ConfigFileTooLargeException(String source, long size, long limit) {
        super(source, source + ": file is " + size + " bytes, larger than the limit of " + limit
                + " bytes; raise maxFileSize if the file is meant to be that large");
    }
}
