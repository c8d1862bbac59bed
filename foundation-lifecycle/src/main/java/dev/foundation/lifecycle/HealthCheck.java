package dev.foundation.lifecycle;

/** Checks the health of one component. Runs on a lifecycle worker thread, never on the caller's. */
@FunctionalInterface
public interface HealthCheck {

    /**
     * Checks health. Should be quick; it is interrupted and counted as a failure once its timeout passes.
     *
     * @return the result, not null
     * @throws Exception counted as an {@link HealthStatus#UNHEALTHY} result with this error
     */
    Health check() throws Exception;
}
