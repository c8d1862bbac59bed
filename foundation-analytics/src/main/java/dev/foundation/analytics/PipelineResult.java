package dev.foundation.analytics;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A pipeline's output for one series and one window.
 *
 * @param pipeline    the pipeline's name
 * @param series      the meter it was computed from
 * @param windowStart the start of the window (exclusive for a sliding window, inclusive for a tumbling one)
 * @param windowEnd   the end of the window: the tick it was computed at, or the end of the tumbling span
 * @param values      each aggregate's value over the window, as computed
 * @param smoothed    each aggregate's exponentially smoothed value (equal to {@code values} without smoothing)
 */
public record PipelineResult(String pipeline, Series series, Instant windowStart, Instant windowEnd,
                             Map<Aggregate, Double> values, Map<Aggregate, Double> smoothed) {

    /**
     * Creates a result.
     *
     * @param pipeline    the pipeline's name
     * @param series      the series
     * @param windowStart the window's start
     * @param windowEnd   the window's end
     * @param values      the aggregates
     * @param smoothed    the smoothed aggregates
     */
    public PipelineResult {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        values = Collections.unmodifiableMap(values.isEmpty() ? new EnumMap<>(Aggregate.class) : new EnumMap<>(values));
        smoothed = Collections.unmodifiableMap(smoothed.isEmpty() ? new EnumMap<>(Aggregate.class) : new EnumMap<>(smoothed));
    }

    /**
     * One aggregate's value.
     *
     * @param aggregate the aggregate
     * @return its value, NaN if the pipeline does not compute it or the window had no data
     */
    public double value(Aggregate aggregate) {
        Double v = values.get(aggregate);
        return v == null ? Double.NaN : v;
    }

    /**
     * One aggregate's smoothed value.
     *
     * @param aggregate the aggregate
     * @return its smoothed value, NaN if not computed
     */
    public double smoothedValue(Aggregate aggregate) {
        Double v = smoothed.get(aggregate);
        return v == null ? Double.NaN : v;
    }
}
