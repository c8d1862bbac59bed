package dev.foundation.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A value a detector flagged, with the evidence: the values of the series that led up to it.
 *
 * @param pipeline  the pipeline's name
 * @param series    the meter the value came from
 * @param aggregate the aggregate the detector watches
 * @param detector  the detector's name
 * @param at        the end of the window the value was computed for
 * @param value     the anomalous value
 * @param expected  what the detector expected
 * @param score     how far off it is, in the detector's unit
 * @param evidence  the series' recent values, oldest first, the anomalous one last (at most 32)
 */
public record Anomaly(String pipeline, Series series, Aggregate aggregate, String detector, Instant at, double value,
                      double expected, double score, List<Double> evidence) {

    /**
     * Creates an anomaly.
     *
     * @param pipeline  the pipeline's name
     * @param series    the series
     * @param aggregate the aggregate
     * @param detector  the detector's name
     * @param at        when
     * @param value     the value
     * @param expected  the expectation
     * @param score     the score
     * @param evidence  the recent values
     */
    public Anomaly {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(aggregate, "aggregate");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(at, "at");
        evidence = List.copyOf(evidence);
    }
}
