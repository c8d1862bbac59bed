package dev.foundation.cache;

import com.hazelcast.core.HazelcastInstance;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the distributed tier: a Hazelcast {@code IMap} named {@code foundation.cache.<name>}
 * on an instance the application owns (an embedded member or a client). The cache never shuts that
 * instance down.
 *
 * <p>Every call to Hazelcast is measured against {@link #timeout(Duration)} and guarded by a circuit breaker
 * ({@link Breaker}, run by Resilience4j; {@link #resilience4jCircuitBreaker} takes a Resilience4j configuration as
 * is): when the cluster is slow or unreachable the breaker opens and the cache goes on
 * serving from L1, L2 and the loader without throwing; it closes again by itself once calls succeed.
 *
 * <pre>{@code
 * L3.hazelcast(hz).expireAfterWrite(Duration.ofHours(6))
 * }</pre>
 * L3 needs {@code com.hazelcast:hazelcast} and {@code io.github.resilience4j:resilience4j-circuitbreaker} on the
 * class path: optional dependencies of {@code foundation-cache}, which an L1/L2 cache does without.
 * Immutable: every method returns a new instance.
 */
public final class L3 {

    /** Default bound of one Hazelcast call: 1 second. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    /**
     * The circuit breaker guarding every Hazelcast call, in Foundation's own terms (no Resilience4j type needed):
     * it opens when at least {@code failureRatePercent} of the last {@code slidingWindowCalls} calls (and at least
     * {@code minimumCalls} calls) failed or took longer than the timeout, stays open {@code waitInOpenState}, then
     * lets {@code trialCalls} calls through and closes if enough of them succeed.
     *
     * @param failureRatePercent failure rate that opens the breaker, in {@code (0, 100]}
     * @param slidingWindowCalls calls the rate is computed over, {@code > 0}
     * @param minimumCalls       calls needed before the rate counts, {@code > 0}
     * @param waitInOpenState    how long it stays open, {@code > 0}
     * @param trialCalls         calls let through when half-open, {@code > 0}
     */
    public record Breaker(int failureRatePercent, int slidingWindowCalls, int minimumCalls, Duration waitInOpenState,
                          int trialCalls) {

        /**
         * Checks every argument.
         */
        public Breaker {
            if (failureRatePercent <= 0 || failureRatePercent > 100) {
                throw new IllegalArgumentException("failureRatePercent must be in (0, 100] but was "
                        + failureRatePercent);
            }
            if (slidingWindowCalls <= 0) {
                throw new IllegalArgumentException("slidingWindowCalls must be > 0 but was " + slidingWindowCalls);
            }
            if (minimumCalls <= 0) {
                throw new IllegalArgumentException("minimumCalls must be > 0 but was " + minimumCalls);
            }
            TieredCacheBuilder.positive("waitInOpenState", waitInOpenState);
            if (trialCalls <= 0) {
                throw new IllegalArgumentException("trialCalls must be > 0 but was " + trialCalls);
            }
        }
    }

    /**
     * Default breaker: opens when half of the last 10 calls (at least 5) failed or timed out, stays
     * open 5 seconds, then lets 3 trial calls through.
     */
    public static final Breaker DEFAULT_CIRCUIT_BREAKER = new Breaker(50, 10, 5, Duration.ofSeconds(5), 3);

    private final HazelcastInstance hazelcast;
    private final Duration expireAfterWrite;
    private final Duration timeout;
    private final Breaker breaker;
    private final CircuitBreakerConfig resilience4jConfig;
    private final Duration clusterLoadLockLease;

    private L3(HazelcastInstance hazelcast, Duration expireAfterWrite, Duration timeout, Breaker breaker,
               CircuitBreakerConfig resilience4jConfig, Duration clusterLoadLockLease) {
        this.hazelcast = hazelcast;
        this.expireAfterWrite = expireAfterWrite;
        this.timeout = timeout;
        this.breaker = breaker;
        this.resilience4jConfig = resilience4jConfig;
        this.clusterLoadLockLease = clusterLoadLockLease;
    }

    /**
     * A distributed tier on the given Hazelcast instance.
     *
     * @param hazelcast a running member or client, owned (and shut down) by the application
     * @return the configuration
     */
    public static L3 hazelcast(HazelcastInstance hazelcast) {
        return new L3(Objects.requireNonNull(hazelcast, "hazelcast"), null, DEFAULT_TIMEOUT,
                DEFAULT_CIRCUIT_BREAKER, null, null);
    }

    /**
     * Drops entries from this tier this long after they were written into it (only shortens their life;
     * Hazelcast enforces it with the entry's TTL).
     *
     * @param ttl the time to live in this tier, {@code > 0}
     * @return a new configuration
     */
    public L3 expireAfterWrite(Duration ttl) {
        return new L3(hazelcast, TieredCacheBuilder.positive("expireAfterWrite", ttl), timeout, breaker,
                resilience4jConfig, clusterLoadLockLease);
    }

    /**
     * The longest a Hazelcast call may take: a map or topic call taking longer counts as a failure for the
     * circuit breaker (it runs on the caller's thread, so the caller waits until Hazelcast's own operation or
     * invocation timeout at most; set {@code hazelcast.client.invocation.timeout.seconds} on clients to bound
     * that too); dependency-graph calls are abandoned at this timeout.
     *
     * @param timeout the bound, {@code > 0}
     * @return a new configuration
     */
    public L3 timeout(Duration timeout) {
        return new L3(hazelcast, expireAfterWrite, TieredCacheBuilder.positive("timeout", timeout), breaker,
                resilience4jConfig, clusterLoadLockLease);
    }

    /**
     * Replaces the circuit breaker settings ({@link #DEFAULT_CIRCUIT_BREAKER} by default).
     *
     * @param breaker the settings
     * @return a new configuration
     */
    public L3 circuitBreaker(Breaker breaker) {
        return new L3(hazelcast, expireAfterWrite, timeout, Objects.requireNonNull(breaker, "breaker"), null,
                clusterLoadLockLease);
    }

    /**
     * Escape hatch: a Resilience4j configuration used as is, for what {@link Breaker} does not offer (slow-call
     * thresholds, time-based windows, ...). Replaces {@link #circuitBreaker(Breaker)}.
     *
     * @param config the configuration
     * @return a new configuration
     */
    public L3 resilience4jCircuitBreaker(CircuitBreakerConfig config) {
        return new L3(hazelcast, expireAfterWrite, timeout, null, Objects.requireNonNull(config, "config"),
                clusterLoadLockLease);
    }

    /**
     * Makes loads cluster-wide exclusive per key: before calling the loader, a node takes a lock on the
     * key in the L3 map ({@code IMap.tryLock} with this lease, released automatically if the node dies),
     * then looks in L3 again, so at most one node loads a key at a time and the others read its result.
     * If the lock cannot be taken within {@link #timeout(Duration)} (or the breaker is open) the node
     * loads anyway: availability is preferred over exclusivity.
     *
     * @param lease how long the lock may be held at most, {@code > 0}; longer than the slowest load
     * @return a new configuration
     */
    public L3 clusterLoadLock(Duration lease) {
        return new L3(hazelcast, expireAfterWrite, timeout, breaker, resilience4jConfig,
                TieredCacheBuilder.positive("lease", lease));
    }

    /**
     * The Hazelcast instance.
     *
     * @return the instance
     */
    public HazelcastInstance hazelcastInstance() {
        return hazelcast;
    }

    /**
     * The tier's own time to live, or {@code null}.
     *
     * @return the TTL or {@code null}
     */
    public Duration expireAfterWrite() {
        return expireAfterWrite;
    }

    /**
     * The bound of one Hazelcast call.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The circuit breaker settings, or {@code null} when {@link #resilience4jCircuitBreaker} replaced them.
     *
     * @return the settings or {@code null}
     */
    public Breaker circuitBreaker() {
        return breaker;
    }

    /**
     * The Resilience4j configuration given through the escape hatch, or {@code null}.
     *
     * @return the configuration or {@code null}
     */
    public CircuitBreakerConfig resilience4jCircuitBreaker() {
        return resilience4jConfig;
    }

    /**
     * The lease of the cluster-wide load lock, or {@code null} if loads are only coalesced per node.
     *
     * @return the lease or {@code null}
     */
    public Duration clusterLoadLockLease() {
        return clusterLoadLockLease;
    }

    @Override
    public String toString() {
        return "L3[hazelcast=" + hazelcast.getName() + ", expireAfterWrite=" + Objects.toString(expireAfterWrite, "-")
                + ", timeout=" + timeout + "]";
    }
}
