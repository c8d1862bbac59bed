package dev.foundation.config;

import java.util.List;
import java.util.Objects;

/**
 * What a listener receives after a new snapshot has replaced the previous one.
 *
 * @param previous the snapshot that was current before
 * @param current  the snapshot that is current now
 * @param changes  the keys that differ, computed from the two snapshots (secrets masked)
 * @param <T>      the configuration record type
 */
public record ConfigChange<T>(Snapshot<T> previous, Snapshot<T> current, List<KeyChange> changes) {

    /**
     * Validates the components.
     *
     * @param previous the previous snapshot
     * @param current  the new snapshot
     * @param changes  the changed keys
     */
    public ConfigChange {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
        changes = List.copyOf(changes);
    }

    /**
     * The new version.
     *
     * @return {@code current().version()}
     */
    public long version() {
        return current.version();
    }

    /**
     * Why the change happened.
     *
     * @return {@code current().cause()}
     */
    public ChangeCause cause() {
        return current.cause();
    }
}
