package dev.foundation.config;

import java.util.Objects;

/**
 * One key that differs between two snapshots. Values are rendered as text with secrets masked, so a changed
 * secret shows as {@code ****** -> ******}.
 *
 * @param key      the key path
 * @param oldValue the previous rendered value, or null when the key is new
 * @param newValue the new rendered value, or null when the key is gone
 */
public record KeyChange(String key, String oldValue, String newValue) {

    /**
     * Validates the components.
     *
     * @param key      the key path
     * @param oldValue the previous value, or null
     * @param newValue the new value, or null
     */
    public KeyChange {
        Objects.requireNonNull(key, "key");
    }

    /**
     * {@code key: old -> new}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return key + ": " + (oldValue == null ? "(unset)" : oldValue) + " -> "
                + (newValue == null ? "(unset)" : newValue);
    }
}
