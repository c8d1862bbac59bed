package dev.foundation.federation;

import java.util.List;
import java.util.Set;

/**
 * A federation's health at the moment it was read, in the shape foundation-lifecycle's health checks report
 * (status and detail); adapt it with
 * {@code () -> new Health(HealthStatus.valueOf(h.status().name()), h.detail(), null)}.
 *
 * @param name              the federation's name
 * @param status            {@link HealthStatus#UNHEALTHY} when no pool can take a call,
 *                          {@link HealthStatus#DEGRADED} when some locality (one of a pool or one declared with
 *                          {@link FederationBuilder#expectedLocalities}) has no pool serving,
 *                          {@link HealthStatus#HEALTHY} otherwise
 * @param detail            one line saying why
 * @param missingLocalities the localities with no serving pool
 * @param pools             every member's health
 */
public record FederationHealth(String name, HealthStatus status, String detail, Set<String> missingLocalities,
                               List<PoolHealth> pools) {

    /**
     * Copies the collections.
     */
    public FederationHealth {
        missingLocalities = Set.copyOf(missingLocalities);
        pools = List.copyOf(pools);
    }
}
