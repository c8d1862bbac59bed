package dev.foundation.federation;

/** The health of a pool or of a whole federation; maps one to one onto foundation-lifecycle's statuses. */
public enum HealthStatus {
    /** Serving normally. */
    HEALTHY,
    /** Serving, but with less than it should have: a locality without an available pool, a draining pool. */
    DEGRADED,
    /** Not serving: no pool available (for a pool: ejected or behind an open breaker). */
    UNHEALTHY
}
