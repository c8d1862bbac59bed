package dev.foundation.lifecycle.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One timed call into a component (a start, a stop, a hook). Exactly one side wins: the call finishing
 * ({@link #finish()}) or the waiter giving up on it ({@link #abandon()}), so a late result is never
 * mistaken for a timely one.
 */
final class Attempt {

    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int ABANDONED = 2;

    private final AtomicInteger state = new AtomicInteger(RUNNING);

    /** The call finished; {@code false} if it was already abandoned. */
    boolean finish() {
        return state.compareAndSet(RUNNING, FINISHED);
    }

    /** Whether the call has neither finished nor been abandoned yet. */
    boolean isRunning() {
        return state.get() == RUNNING;
    }

    /** Whether the waiter gave up on this call. */
    boolean isAbandoned() {
        return state.get() == ABANDONED;
    }

    /** The waiter gives up; {@code false} if the call already finished. */
    boolean abandon() {
        return state.compareAndSet(RUNNING, ABANDONED);
    }
}
