package dev.foundation.analytics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A metric pipeline: selected meters, windowed, aggregated, smoothed, with detectors and alert rules on the results.
 * Made by {@link Analytics#pipeline(String)}; removed with {@link #close()}.
 */
public interface Pipeline extends AutoCloseable {

    /** @return the pipeline's name */
    String name();

    /** @return which meters it reads */
    MeterSelector selector();

    /** @return its window */
    Window window();

    /** @return the aggregates it computes */
    Set<Aggregate> aggregates();

    /**
     * The latest result of every series.
     *
     * @return one result per series, from the newest window computed
     */
    List<PipelineResult> latest();

    /**
     * One aggregate of every series over the last {@code span}, computed now from the pipeline's bounded ring of
     * intervals (it keeps its window or its {@code retain(...)}, whichever is longer).
     *
     * @param aggregate the aggregate (any, not only those the pipeline publishes)
     * @param span      how far back, a whole number of ticks, at most what the pipeline retains
     * @return each series' value, NaN where the span holds no data
     */
    Map<Series, Double> query(Aggregate aggregate, Duration span);

    /** Stops the pipeline: its series, output meters, detectors and alert rules go away. Idempotent. */
    @Override
    void close();
}
