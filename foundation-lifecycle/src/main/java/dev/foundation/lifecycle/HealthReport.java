package dev.foundation.lifecycle;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of the application's health, from cached check results (taking one never runs a check).
 *
 * <p>The aggregate {@link #status()} is {@link HealthStatus#UNHEALTHY} if a critical component is
 * unhealthy (or not up) or supervision escalated; otherwise {@link HealthStatus#DEGRADED} if any
 * component is degraded or a non-critical one is unhealthy; otherwise {@link HealthStatus#HEALTHY}.
 *
 * @param status       the aggregate status
 * @param live         the liveness probe's answer
 * @param ready        the readiness probe's answer
 * @param started      the startup probe's answer
 * @param shuttingDown whether shutdown has begun
 * @param components   one line per component, dependencies before dependents
 */
public record HealthReport(HealthStatus status, boolean live, boolean ready, boolean started,
                           boolean shuttingDown, List<ComponentHealth> components) {

    /**
     * Creates a report.
     *
     * @param status       the aggregate status
     * @param live         liveness
     * @param ready        readiness
     * @param started      whether start succeeded
     * @param shuttingDown whether shutdown has begun
     * @param components   the lines
     */
    public HealthReport {
        Objects.requireNonNull(status, "status");
        components = List.copyOf(components);
    }

    /**
     * The line of one component.
     *
     * @param name a component's name
     * @return its line, or empty if there is no such component
     */
    public Optional<ComponentHealth> component(String name) {
        return components.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
