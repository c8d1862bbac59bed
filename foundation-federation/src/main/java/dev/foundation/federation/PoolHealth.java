package dev.foundation.federation;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Instant;

/**
 * One pool's state at the moment it was read.
 *
 * @param name          the pool's name
 * @param locality      the pool's locality
 * @param weight        the pool's weight now
 * @param capacity      the pool's capacity
 * @param inFlight      calls running on it now
 * @param state         its administrative state
 * @param breakerState  its circuit breaker's state
 * @param ejectedUntil  when its outlier ejection ends, or {@code null} when it is not ejected
 * @param status        {@link HealthStatus#UNHEALTHY} when ejected or its breaker is open,
 *                      {@link HealthStatus#DEGRADED} when draining, removed, half open or saturated, else healthy
 */
public record PoolHealth(String name, String locality, int weight, int capacity, int inFlight, PoolState state,
                         CircuitBreaker.State breakerState, Instant ejectedUntil, HealthStatus status) {

    /**
     * Whether the pool would be offered to the strategy now (active, not ejected, breaker not open, below capacity).
     *
     * @return true when it can take a call
     */
    public boolean available() {
        return serving() && inFlight < capacity;
    }

    /**
     * Whether the pool serves its locality: active, not ejected, breaker not open (it may be saturated).
     *
     * @return true when it serves
     */
    public boolean serving() {
        return state == PoolState.ACTIVE && status != HealthStatus.UNHEALTHY;
    }
}
