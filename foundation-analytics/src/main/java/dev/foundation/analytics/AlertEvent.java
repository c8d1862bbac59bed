package dev.foundation.analytics;

import java.time.Instant;
import java.util.Objects;

/**
 * A rule started firing, or stopped.
 *
 * @param rule      the rule's name
 * @param pipeline  the pipeline it watches
 * @param series    the series it fired for
 * @param aggregate the aggregate it watches
 * @param condition the rule's condition, as text
 * @param state     {@code FIRING} or {@code RESOLVED}
 * @param value     the value at this event
 * @param since     when the condition started to hold
 * @param at        when this event happened (the end of the window that decided it)
 */
public record AlertEvent(String rule, String pipeline, Series series, Aggregate aggregate, String condition,
                         State state, double value, Instant since, Instant at) {

    /** Whether an alert started or stopped. */
    public enum State {
        /** The condition has held for the rule's duration. */
        FIRING,
        /** The condition no longer holds. */
        RESOLVED
    }

    /**
     * Creates an event.
     *
     * @param rule      the rule
     * @param pipeline  the pipeline
     * @param series    the series
     * @param aggregate the aggregate
     * @param condition the condition
     * @param state     the state
     * @param value     the value
     * @param since     when the condition started to hold
     * @param at        when
     */
    public AlertEvent {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(aggregate, "aggregate");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(at, "at");
    }
}
