package dev.foundation.cache;

import java.util.List;
import java.util.Objects;

/**
 * Whether a cache runs with every tier it was configured with, see {@link TieredCache#health()}. A degraded cache
 * still answers every call: it serves from the tiers it has and its loader.
 *
 * @param status   {@link Status#HEALTHY} or {@link Status#DEGRADED}
 * @param problems what is degraded and why, one line each; empty when healthy
 */
public record CacheHealth(Status status, List<String> problems) {

    /** The two states. */
    public enum Status {
        /** Every configured tier is in use. */
        HEALTHY,
        /** A configured tier is missing (L2 could not be opened) or refused (L3 circuit breaker open). */
        DEGRADED
    }

    /**
     * Copies the problems.
     */
    public CacheHealth {
        Objects.requireNonNull(status, "status");
        problems = List.copyOf(problems);
    }

    /**
     * Whether the cache is degraded.
     *
     * @return {@code status() == DEGRADED}
     */
    public boolean isDegraded() {
        return status == Status.DEGRADED;
    }
}
