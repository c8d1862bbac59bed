package dev.foundation.core;

import java.util.Objects;

/**
 * A value could not be encoded, or bytes could not be decoded, by a {@link Codec}.
 *
 * <p>The message names the codec and says what went wrong; the underlying cause (for example Jackson's
 * parse error) is kept as {@link #getCause()}. Catch it where corrupt or foreign data can arrive and
 * decide what to do with that record: Foundation modules report it with the record's position.
 */
public class CodecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The name of the codec that failed. */
    private final String codecName;

    /**
     * Creates an exception.
     *
     * @param codecName the name of the codec that failed, see {@link Codec#name()}
     * @param message   what went wrong
     * @param cause     the underlying failure, or {@code null}
     */
    public CodecException(String codecName, String message, Throwable cause) {
        super("codec '" + Objects.requireNonNull(codecName, "codecName") + "': " + message, cause);
        this.codecName = codecName;
    }

    /**
     * The name of the codec that failed.
     *
     * @return the codec's name
     */
    public String codecName() {
        return codecName;
    }
}
