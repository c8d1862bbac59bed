package dev.foundation.lifecycle;

import java.time.Duration;
import java.time.Instant;

/**
 * The lifecycle's source of time for health checks (their schedule and timeouts), supervision (restart
 * backoff and the restart-intensity window) and timestamps in reports.
 *
 * <p>By default the lifecycle uses its own one-thread scheduler on the system clock and shuts it down on
 * {@link Lifecycle#close()}. Tests inject a manual implementation whose time they advance, so they need no
 * sleeps. Start, stop, hook and shutdown timeouts always use real time: they bound how long the caller waits.
 *
 * <p>Scheduled tasks are short (they hand the real work to the lifecycle's worker threads), so an
 * implementation may run them on any thread, including the one advancing a manual clock.
 */
public interface Scheduler {

    /**
     * A monotonic time in nanoseconds, only meaningful as a difference between two calls.
     *
     * @return the current monotonic time
     */
    long nanoTime();

    /**
     * The current wall-clock time, used for report timestamps.
     *
     * @return now
     */
    Instant now();

    /**
     * Runs {@code task} once after {@code delay}.
     *
     * @param delay how long to wait, zero or positive
     * @param task  what to run
     * @return a handle that cancels the task if it has not run yet
     */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can still be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not run yet; does nothing otherwise. */
        void cancel();
    }
}
