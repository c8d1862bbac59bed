package dev.foundation.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * An actor whose access pattern jumped, as flagged by {@link AccessAnomalyDetector}.
 *
 * @param actor       the actor
 * @param kind        which rate jumped
 * @param windowStart the start of the window in which it jumped
 * @param observed    the rate in that window (requests per window, or denied / requests)
 * @param baseline    the actor's smoothed (EWMA) rate before that window
 * @param samples     how many windows the baseline was built from
 */
public record AccessAnomaly(String actor, Kind kind, Instant windowStart, double observed, double baseline,
                            long samples) {

    /** Which rate jumped. */
    public enum Kind {
        /** Requests per window. */
        REQUEST_RATE,
        /** The share of requests that were denied. */
        DENIAL_RATE
    }

    /**
     * Checks the components.
     *
     * @param actor       actor
     * @param kind        kind
     * @param windowStart window start
     * @param observed    observed rate
     * @param baseline    baseline
     * @param samples     samples
     */
    public AccessAnomaly {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(windowStart, "windowStart");
    }
}
