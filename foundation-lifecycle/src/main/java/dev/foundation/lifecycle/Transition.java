package dev.foundation.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of a component's {@link Stage}.
 *
 * @param component the component's name
 * @param from      the stage before
 * @param to        the stage after
 * @param cause     the failure behind a transition to {@link Stage#FAILED} (or a degradation), or {@code null}
 * @param at        when it happened, on the lifecycle's {@link Scheduler} clock
 */
public record Transition(String component, Stage from, Stage to, Throwable cause, Instant at) {

    /**
     * Creates a transition.
     *
     * @param component the component's name
     * @param from      the stage before
     * @param to        the stage after
     * @param cause     the failure, or {@code null}
     * @param at        when it happened
     */
    public Transition {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public String toString() {
        return component + ": " + from + " -> " + to + (cause == null ? "" : " (" + Health.describe(cause) + ")");
    }
}
