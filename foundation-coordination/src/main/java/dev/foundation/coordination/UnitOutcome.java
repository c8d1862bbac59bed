package dev.foundation.coordination;

import java.util.Objects;
import java.util.Optional;

/**
 * What became of one {@link WorkUnit}: a result, or an error message.
 *
 * @param unitId   the unit's id
 * @param result   the result if the unit succeeded, else {@code null}
 * @param error    what went wrong if it failed (exception type and message, or the timeout), else {@code null}
 * @param memberId the member that produced the outcome ({@code null} if the unit never ran to an answer)
 * @param attempts how many times the unit was submitted (more than 1 after its member died)
 * @param <R>      the result type
 */
public record UnitOutcome<R>(String unitId, R result, String error, String memberId, int attempts) {

    /**
     * Validates the fields: exactly one of {@code result} and {@code error} is set.
     *
     * @param unitId   the unit id
     * @param result   the result or {@code null}
     * @param error    the error or {@code null}
     * @param memberId the member or {@code null}
     * @param attempts the attempts, {@code >= 1}
     */
    public UnitOutcome {
        Objects.requireNonNull(unitId, "unitId");
        if ((result == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of result and error must be set for unit '" + unitId + "'");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1 but was " + attempts);
        }
    }

    /**
     * Whether the unit produced a result.
     *
     * @return {@code true} on success
     */
    public boolean succeeded() {
        return result != null;
    }

    /**
     * The result, if any.
     *
     * @return the result or empty
     */
    public Optional<R> resultIfPresent() {
        return Optional.ofNullable(result);
    }
}
