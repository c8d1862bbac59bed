package dev.foundation.lifecycle;

/**
 * Where a component is in its life. Every change is reported to the {@link TransitionListener}s.
 *
 * <pre>
 * NEW -&gt; STARTING -&gt; RUNNING &lt;-&gt; DEGRADED -&gt; STOPPING -&gt; STOPPED
 *            |           |             |            |
 *            +-----------+------&gt; FAILED &lt;---------+      (FAILED -&gt; STARTING on a supervised restart)
 * </pre>
 */
public enum Stage {
    /** Built, never started. */
    NEW,
    /** {@link Component#start(ComponentContext)} is running. */
    STARTING,
    /** Started, and its health is {@link HealthStatus#HEALTHY}. */
    RUNNING,
    /** Started, but its health is {@link HealthStatus#DEGRADED} or {@link HealthStatus#UNHEALTHY}. */
    DEGRADED,
    /** {@link Component#stop()} is running. */
    STOPPING,
    /** Stopped cleanly (by shutdown, by a supervised restart, or because it exited normally). */
    STOPPED,
    /** Its start or stop threw or timed out, or it crashed; it is not running. */
    FAILED;

    /**
     * Whether a component in this stage is up: {@link #RUNNING} or {@link #DEGRADED}.
     *
     * @return {@code true} for RUNNING and DEGRADED
     */
    public boolean isUp() {
        return this == RUNNING || this == DEGRADED;
    }
}
