package dev.foundation.analytics;

/**
 * What a pipeline computes over a window of one series.
 *
 * <p>Each tick reads every selected meter once and turns it into one interval of the series:
 * <ul>
 *   <li>a counter (or function counter): the increase since the previous tick;</li>
 *   <li>a timer or distribution summary (or function timer): the records since the previous tick, their total
 *       (timers in seconds) and the meter's own maximum; its percentiles as the meter publishes them
 *       ({@code publishPercentiles(...)} or a percentile histogram), read at the tick;</li>
 *   <li>a gauge (or time gauge, or any other meter's first measurement): one sample of its value.</li>
 * </ul>
 * An aggregate is then computed over the intervals of the window.
 */
public enum Aggregate {
    /** Records (timers, summaries), increments (counters) or samples (gauges) in the window. */
    COUNT,
    /** The total: recorded time in seconds, recorded amounts, counter increments, or the sum of gauge samples. */
    SUM,
    /** {@code SUM / COUNT}: the mean duration or amount, or the mean gauge sample; NaN with no data. */
    AVG,
    /** The highest value in the window (a timer's or summary's maximum, a gauge's highest sample). */
    MAX,
    /** The lowest gauge sample in the window; NaN for other meters. */
    MIN,
    /** {@code COUNT} per second of window. */
    RATE,
    /**
     * The median: of the gauge samples in the window (nearest rank), or for a timer or summary the highest
     * median the meter published at a tick of the window; NaN where the meter publishes none.
     */
    P50,
    /** The 95th percentile, computed as {@link #P50} is. */
    P95,
    /** The 99th percentile, computed as {@link #P50} is. */
    P99,
    /** The value of the newest interval: the last gauge sample, or the last interval's mean for a timer. */
    LAST;

    /**
     * The percentile this aggregate stands for.
     *
     * @return 0.5, 0.95 or 0.99 for the percentiles, NaN for the others
     */
    public double percentile() {
        switch (this) {
            case P50: return 0.5;
            case P95: return 0.95;
            case P99: return 0.99;
            default: return Double.NaN;
        }
    }
}
