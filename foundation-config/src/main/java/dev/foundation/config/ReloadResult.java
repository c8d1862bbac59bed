package dev.foundation.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one reload attempt.
 *
 * @param status  applied, unchanged or rejected
 * @param current the snapshot that is current after the attempt (the old one unless applied)
 * @param changes the keys that changed (empty unless applied)
 * @param error   why the attempt was rejected, or null
 */
public record ReloadResult(Status status, Snapshot<?> current, List<KeyChange> changes, ConfigException error) {

    /** What happened. */
    public enum Status {
        /** A new valid snapshot replaced the current one and listeners were told. */
        APPLIED,
        /**
         * The sources are the same as at the last attempt (which was not rejected), or bind to the same values:
         * nothing to do.
         */
        UNCHANGED,
        /**
         * The sources are unreadable or invalid: the last good snapshot stays current. Also the answer, with
         * the same error, for sources identical to an attempt already rejected.
         */
        REJECTED
    }

    /**
     * Validates the components.
     *
     * @param status  the status
     * @param current the current snapshot
     * @param changes the changed keys
     * @param error   the error, required when rejected
     */
    public ReloadResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(current, "current");
        changes = List.copyOf(changes);
        if ((status == Status.REJECTED) != (error != null)) {
            throw new IllegalArgumentException("error must be given exactly when status is REJECTED but status was "
                    + status + " and error " + error);
        }
    }

    /**
     * Why the attempt was rejected.
     *
     * @return the error, empty unless rejected
     */
    public Optional<ConfigException> errorIfRejected() {
        return Optional.ofNullable(error);
    }

    /**
     * The violations of a rejected reload.
     *
     * @return the violations; empty when applied, unchanged, or rejected because a source was unreadable
     */
    public List<Violation> violations() {
        return error instanceof ConfigValidationException ? ((ConfigValidationException) error).violations()
                : List.of();
    }
}
