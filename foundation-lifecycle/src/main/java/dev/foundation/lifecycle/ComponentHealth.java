package dev.foundation.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One component's line in a {@link HealthReport}.
 *
 * @param name                the component's name
 * @param stage               its stage
 * @param status              its status: the thresholded health check result while it is up,
 *                            {@link HealthStatus#UNHEALTHY} whenever it is not up
 * @param critical            whether it decides readiness
 * @param dependencies        the components it depends on
 * @param detail              the last check's detail, or {@code null}
 * @param lastError           the last error seen (check, crash, start or stop), as {@code "Type: message"},
 *                            or {@code null}
 * @param lastCheck           when the last health check finished, or {@code null}
 * @param consecutiveFailures failed checks in a row
 * @param restarts            how many times the supervisor restarted it
 * @param startDuration       how long its last start took, or {@code null}
 * @param stopDuration        how long its last stop took, or {@code null}
 */
public record ComponentHealth(String name, Stage stage, HealthStatus status, boolean critical,
                              List<String> dependencies, String detail, String lastError, Instant lastCheck,
                              int consecutiveFailures, int restarts, Duration startDuration,
                              Duration stopDuration) {

    /**
     * Creates a line.
     *
     * @param name                the component's name
     * @param stage               its stage
     * @param status              its status
     * @param critical            whether it decides readiness
     * @param dependencies        the components it depends on
     * @param detail              the last detail, or {@code null}
     * @param lastError           the last error, or {@code null}
     * @param lastCheck           when it was last checked, or {@code null}
     * @param consecutiveFailures failed checks in a row
     * @param restarts            restarts so far
     * @param startDuration       last start duration, or {@code null}
     * @param stopDuration        last stop duration, or {@code null}
     */
    public ComponentHealth {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(status, "status");
        dependencies = List.copyOf(dependencies);
    }
}
