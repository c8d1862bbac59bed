package dev.foundation.federation;

import java.time.Duration;
import java.util.Objects;

/**
 * Outlier ejection: a pool whose calls fail {@code consecutiveFailures} times in a row is taken out of
 * selection for {@code baseEjectionTime} times the number of times it was ejected since its last success
 * (capped at {@code maxEjectionTime}), then re-admitted on its own when that time has passed on the
 * federation's clock. At most {@code maxEjectedPercent} percent of the members are ejected at once, so a
 * fault shared by every pool does not empty the federation. This works beside the circuit breaker: the breaker
 * judges a failure rate over a window, ejection reacts to a run of failures and backs off repeat offenders.
 *
 * @param consecutiveFailures failures in a row that eject a pool, &gt; 0
 * @param baseEjectionTime    the first ejection's length, &gt; 0
 * @param maxEjectionTime     the longest ejection, &ge; {@code baseEjectionTime}
 * @param maxEjectedPercent   the share of members that may be ejected at once, 0 (never eject) to 100
 */
public record OutlierEjection(int consecutiveFailures, Duration baseEjectionTime, Duration maxEjectionTime,
                              int maxEjectedPercent) {

    /** Failures in a row that eject a pool by default. */
    public static final int DEFAULT_CONSECUTIVE_FAILURES = 5;
    /** The default first ejection. */
    public static final Duration DEFAULT_BASE_EJECTION_TIME = Duration.ofSeconds(10);
    /** The default longest ejection. */
    public static final Duration DEFAULT_MAX_EJECTION_TIME = Duration.ofMinutes(2);
    /** The default share of members that may be ejected at once. */
    public static final int DEFAULT_MAX_EJECTED_PERCENT = 50;

    /**
     * Validates every component.
     *
     * @throws IllegalArgumentException naming the component, the value and the expectation
     */
    public OutlierEjection {
        Objects.requireNonNull(baseEjectionTime, "baseEjectionTime");
        Objects.requireNonNull(maxEjectionTime, "maxEjectionTime");
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("consecutiveFailures must be > 0 but was " + consecutiveFailures);
        }
        if (baseEjectionTime.isNegative() || baseEjectionTime.isZero()) {
            throw new IllegalArgumentException("baseEjectionTime must be > 0 but was " + baseEjectionTime);
        }
        if (maxEjectionTime.compareTo(baseEjectionTime) < 0) {
            throw new IllegalArgumentException("maxEjectionTime must be >= baseEjectionTime (" + baseEjectionTime
                    + ") but was " + maxEjectionTime);
        }
        if (maxEjectedPercent < 0 || maxEjectedPercent > 100) {
            throw new IllegalArgumentException("maxEjectedPercent must be between 0 and 100 but was "
                    + maxEjectedPercent);
        }
    }

    /**
     * The defaults: 5 failures in a row, 10 s first ejection, 2 min at most, half the members at most.
     *
     * @return the defaults
     */
    public static OutlierEjection defaults() {
        return new OutlierEjection(DEFAULT_CONSECUTIVE_FAILURES, DEFAULT_BASE_EJECTION_TIME,
                DEFAULT_MAX_EJECTION_TIME, DEFAULT_MAX_EJECTED_PERCENT);
    }

    /**
     * No ejection (the circuit breakers still guard each pool).
     *
     * @return options that never eject
     */
    public static OutlierEjection disabled() {
        return new OutlierEjection(Integer.MAX_VALUE, DEFAULT_BASE_EJECTION_TIME, DEFAULT_MAX_EJECTION_TIME, 0);
    }

    /**
     * Whether these options can eject a pool at all.
     *
     * @return false for {@link #disabled()} or a 0 percent limit
     */
    public boolean enabled() {
        return maxEjectedPercent > 0 && consecutiveFailures < Integer.MAX_VALUE;
    }
}
