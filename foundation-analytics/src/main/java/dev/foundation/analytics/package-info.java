/**
 * Foundation Analytics: what the application's meters say, computed as it runs.
 *
 * <p>{@link dev.foundation.analytics.Analytics} reads a Micrometer {@code MeterRegistry} at every tick. A
 * {@link dev.foundation.analytics.Pipeline} selects meters by name pattern and tags
 * ({@link dev.foundation.analytics.MeterSelector}), keeps a bounded ring of intervals per selected meter, and computes
 * {@link dev.foundation.analytics.Aggregate}s over a sliding or tumbling {@link dev.foundation.analytics.Window},
 * optionally smoothed (EWMA). Results go to gauges, to listeners (an event stream's {@code publish}, for instance),
 * to {@link dev.foundation.analytics.Detector}s that flag {@link dev.foundation.analytics.Anomaly anomalies}, and to
 * {@link dev.foundation.analytics.AlertRule}s that fire and resolve once each. A
 * {@link dev.foundation.analytics.Budget} sheds load through hooks with hysteresis, a
 * {@link dev.foundation.analytics.ScalingPolicy} sizes any pool, and {@link dev.foundation.analytics.ResourceMonitor}
 * turns the process's heap, CPU, threads, files and disk into meters for them.
 *
 * <p>Nothing here sits on the application's recording path: a meter's {@code record()} costs what it cost before.
 * Analytics reads cumulative values once per tick.
 */
package dev.foundation.analytics;
