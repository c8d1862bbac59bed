package dev.foundation.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A sensitive configuration value (password, API key, token). It is bound from text like a {@code String},
 * but it is masked as {@value #MASK} in {@code toString}, diffs, history, violations, logs and generated
 * docs. Only {@link #reveal()} gives the value.
 */
public final class Secret {

    /** What a secret looks like wherever it is printed. */
    public static final String MASK = "******";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps a value.
     *
     * @param value the secret text
     * @return the secret
     */
    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "value"));
    }

    /**
     * The secret text. Do not log it.
     *
     * @return the value
     */
    public String reveal() {
        return value;
    }

    /**
     * Whether the secret is empty or only whitespace.
     *
     * @return true when blank
     */
    public boolean isBlank() {
        return value.isBlank();
    }

    /**
     * Compares the two values in constant time.
     *
     * @param o another object
     * @return true when {@code o} is a secret with the same value
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Secret && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                ((Secret) o).value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /**
     * Always {@value #MASK}.
     *
     * @return the mask
     */
    @Override
    public String toString() {
        return MASK;
    }
}
