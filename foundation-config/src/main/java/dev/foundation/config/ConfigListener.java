package dev.foundation.config;

/**
 * Told after a new snapshot replaced the current one. Listeners are called in registration order, never
 * concurrently with themselves, on the thread that applied the change (or one that was already notifying);
 * one that throws is logged and does not stop the others or undo the change.
 *
 * @param <T> the configuration record type
 */
@FunctionalInterface
public interface ConfigListener<T> {
    /**
     * Called after the swap.
     *
     * @param change the previous and current snapshot and the changed keys
     */
    void onChange(ConfigChange<T> change);
}
