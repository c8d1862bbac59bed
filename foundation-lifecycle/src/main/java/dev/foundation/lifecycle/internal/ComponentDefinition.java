package dev.foundation.lifecycle.internal;

import dev.foundation.lifecycle.Component;
import dev.foundation.lifecycle.RestartPolicy;
import java.time.Duration;
import java.util.List;

/**
 * One component as configured in the builder.
 *
 * @param name               unique name
 * @param component          the component (adapters included)
 * @param dependencies       names of the components it needs
 * @param startTimeout       how long start may take
 * @param stopTimeout        how long stop may take
 * @param critical           whether it decides readiness
 * @param restart            its restart policy
 * @param checksHealth       whether it has a health check worth scheduling
 * @param healthInterval     delay between checks
 * @param healthTimeout      timeout of one check
 * @param unhealthyThreshold consecutive failures before unhealthy
 * @param healthyThreshold   consecutive successes before healthy again
 */
public record ComponentDefinition(String name, Component component, List<String> dependencies, Duration startTimeout,
                                  Duration stopTimeout, boolean critical, RestartPolicy restart, boolean checksHealth,
                                  Duration healthInterval, Duration healthTimeout, int unhealthyThreshold,
                                  int healthyThreshold, boolean healthTimeoutFails) {
}
