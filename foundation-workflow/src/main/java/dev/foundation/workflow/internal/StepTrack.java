package dev.foundation.workflow.internal;

import dev.foundation.workflow.spi.StepState;
import java.time.Instant;

/**
 * The in-memory track of one side of a step in {@link InstanceRun}: its forward run or its compensation. Both
 * sides move the same way (NONE, then RUNNING per attempt, then COMPLETED, WAITING for a retry that is due at
 * {@link #dueAt}, or FAILED), number their attempts the same way and keep the last error; each step has one
 * track of each kind. Guarded by the instance's monitor, like the rest of the run's state.
 */
final class StepTrack {

    StepState state = StepState.NONE;
    /** Attempts launched so far, which is the number of the latest one. */
    int attempts;
    /** When a WAITING track's next attempt is due; {@code null} otherwise. */
    Instant dueAt;
    /** The last attempt's error; {@code null} after a success. */
    String error;

    /** Sets the track to what the store holds (before the run's first transition). */
    void restore(StepState storedState, int storedAttempts, Instant storedDue, String storedError) {
        state = storedState;
        attempts = storedAttempts;
        dueAt = storedDue;
        error = storedError;
    }

    /** The due time of the retry this track waits for, or {@code null} if it waits for none. */
    Instant retryDue() {
        return state == StepState.WAITING ? dueAt : null;
    }

    /** Launches the next attempt: RUNNING, no due time; returns the attempt's number. */
    int launch() {
        attempts++;
        state = StepState.RUNNING;
        dueAt = null;
        return attempts;
    }

    /** Takes back launched attempt {@code number}, which never started: the track is as it was before. */
    void unlaunch(int number, StepState previousState, Instant previousDue) {
        attempts = number - 1;
        state = previousState;
        dueAt = previousDue;
    }

    /** The latest attempt succeeded. */
    void completed() {
        state = StepState.COMPLETED;
        error = null;
    }

    /** The latest attempt failed with {@code err} and is retried at {@code due}. */
    void retryAt(Instant due, String err) {
        state = StepState.WAITING;
        dueAt = due;
        error = err;
    }

    /** The latest attempt failed with {@code err} for good. */
    void failed(String err) {
        state = StepState.FAILED;
        error = err;
    }
}
