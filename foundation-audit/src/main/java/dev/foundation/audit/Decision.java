package dev.foundation.audit;

import java.util.Objects;

/**
 * The answer of an {@link AccessPolicy}.
 *
 * @param allowed whether the request is allowed
 * @param reason  why, in words: the rule that allowed or denied, or {@code "no rule allows it"}
 */
public record Decision(boolean allowed, String reason) {

    /**
     * Checks the components.
     *
     * @param allowed allowed
     * @param reason  reason
     */
    public Decision {
        Objects.requireNonNull(reason, "reason");
    }
}
