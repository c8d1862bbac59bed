package dev.foundation.config;

import java.util.List;
import java.util.Optional;

/**
 * A live, validated configuration. {@link #get()} is a single volatile read of an immutable record, so it
 * can be called on every request. The handle owns a file watcher and a scheduler when watching or polling
 * is enabled; {@link #close()} stops them.
 *
 * @param <T> the configuration record type
 */
public interface ConfigHandle<T> extends AutoCloseable {

    /**
     * The current configuration.
     *
     * @return the immutable, fully valid record
     */
    T get();

    /**
     * The current snapshot (value, version, origins).
     *
     * @return the current snapshot
     */
    Snapshot<T> snapshot();

    /**
     * Recent snapshots, oldest first, the current one last; bounded by the builder's {@code historySize}.
     *
     * @return the history
     */
    List<Snapshot<T>> history();

    /**
     * Reads every source again and applies the result if it is valid and different. Never throws for bad
     * input: a rejected reload keeps the current snapshot and says why. Sources identical to an attempt that
     * was rejected (by the watcher, say) are rejected again with the remembered error, not reported unchanged.
     * Listeners are told of an applied change on this thread before it returns, unless another thread is
     * telling listeners of an earlier change at that moment: that thread then tells them of this one too, after
     * the earlier one, and this call returns without waiting for it.
     *
     * @return applied, unchanged or rejected (with the error)
     * @throws IllegalStateException when the handle is closed
     */
    ReloadResult reload();

    /**
     * Re-applies the value of an earlier snapshot from the history as a new version (cause
     * {@link ChangeCause#ROLLBACK}), after validating it again; listeners are told.
     *
     * @param version a version still in {@link #history()}
     * @return the new current snapshot
     * @throws IllegalArgumentException   when the version is not in the history
     * @throws ConfigValidationException  when the old value no longer validates or would change a
     *                                    {@link RestartRequired} key under {@link RestartRequiredPolicy#REJECT}
     * @throws IllegalStateException      when the handle is closed
     */
    Snapshot<T> rollback(long version);

    /**
     * Registers a listener called after each applied change. The listener runs without any of the handle's
     * locks held: it may read the handle, reload it or roll it back, and it may wait for another thread that
     * does (see {@link ConfigListener}).
     *
     * @param listener the listener
     * @return the registration; close it to unsubscribe
     */
    Subscription subscribe(ConfigListener<T> listener);

    /**
     * The error of the latest reload attempt, if it was rejected; cleared by the next applied or unchanged
     * reload.
     *
     * @return the error
     */
    Optional<ConfigException> lastError();

    /** Stops watching and polling; {@link #get()} keeps working. Idempotent. */
    @Override
    void close();
}
