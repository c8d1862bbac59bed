package dev.foundation.analytics;

import java.time.Instant;
import java.util.Objects;

/**
 * A budget started shedding load, or stopped.
 *
 * @param budget   the budget's name
 * @param shedding {@code true} when it started shedding, {@code false} when it recovered
 * @param value    the measured value that decided it
 * @param limit    the budget's limit
 * @param at       when
 */
public record BudgetEvent(String budget, boolean shedding, double value, double limit, Instant at) {

    /**
     * Creates an event.
     *
     * @param budget   the budget
     * @param shedding whether it sheds
     * @param value    the value
     * @param limit    the limit
     * @param at       when
     */
    public BudgetEvent {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(at, "at");
    }
}
