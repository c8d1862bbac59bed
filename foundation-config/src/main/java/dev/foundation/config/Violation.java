package dev.foundation.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One problem with a configuration: a value that does not convert or validate, an unknown key, a missing
 * required value, a change to a restart-only key. Rendered as
 * {@code app.poolSize=500 (app.yml:4): must be less than or equal to 100}.
 *
 * @param key           the full key path, e.g. {@code app.endpoints[0].url}
 * @param rejectedValue the rejected value rendered as text, already masked for secrets; null when there is
 *                      no single value (missing value, class-level constraint)
 * @param message       what is wrong
 * @param origin        where the value came from, or null when it is not known
 */
public record Violation(String key, String rejectedValue, String message, Origin origin) {

    /**
     * Validates the components.
     *
     * @param key           the key path
     * @param rejectedValue the rendered value, or null
     * @param message       the message
     * @param origin        the origin, or null
     */
    public Violation {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    /**
     * The origin, if known.
     *
     * @return the origin
     */
    public Optional<Origin> originIfKnown() {
        return Optional.ofNullable(origin);
    }

    /**
     * The one-line form {@code key=value (origin): message}.
     *
     * @return the rendered violation
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(key);
        if (rejectedValue != null) {
            b.append('=').append(rejectedValue);
        }
        if (origin != null) {
            b.append(" (").append(origin).append(')');
        }
        return b.append(": ").append(message).toString();
    }
}
