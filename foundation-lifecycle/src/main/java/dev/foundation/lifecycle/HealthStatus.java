package dev.foundation.lifecycle;

/** The health of one component, or of the whole application in a {@link HealthReport}. */
public enum HealthStatus {
    /** Working as intended. */
    HEALTHY,
    /** Working, with reduced quality (a fallback in use, a replica missing...). Still serves traffic. */
    DEGRADED,
    /** Not working. */
    UNHEALTHY
}
