package dev.foundation.config;

/**
 * Told after a new snapshot replaced the current one. Listeners are called in registration order, never
 * concurrently with themselves, on the thread that applied the change (or one that was already notifying);
 * one that throws is logged and does not stop the others or undo the change.
 *
 * <p>A listener runs without any lock of the handle held. It may call back into the handle ({@code get},
 * {@code snapshot}, {@code history}, {@code reload}, {@code rollback}), and it may wait for another thread that
 * does: that thread's reload or rollback is applied at once and its change is delivered by the notifying thread
 * after the current one, so listeners still see versions in order.
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
