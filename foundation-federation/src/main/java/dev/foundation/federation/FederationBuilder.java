package dev.foundation.federation;

import dev.foundation.federation.internal.DefaultFederation;
import dev.foundation.federation.internal.Settings;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * Builds a {@link Federation}. Every setter checks its argument at once and throws
 * {@link IllegalArgumentException} naming the parameter, the value and the expectation.
 *
 * @param <R> the resource type
 */
public final class FederationBuilder<R> {

    /** Attempts of an idempotent call by default (the first and two retries on other pools). */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** The most attempts accepted. */
    public static final int MAX_ATTEMPTS = 100;
    /**
     * The per-pool circuit breaker by default: count-based window of 20 calls, at least 10 calls before judging,
     * opens at 50% failures, stays open 10 s, then lets 3 trial calls through.
     */
    public static final CircuitBreakerConfig DEFAULT_CIRCUIT_BREAKER = CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(20)
            .minimumNumberOfCalls(10)
            .failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofSeconds(10))
            .permittedNumberOfCallsInHalfOpenState(3)
            .build();

    private final String name;
    private final List<Pool<R>> pools = new ArrayList<>();
    private final Set<String> expectedLocalities = new LinkedHashSet<>();
    private Strategy strategy;
    private String locality;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration attemptTimeout;
    private CircuitBreakerConfig circuitBreaker = DEFAULT_CIRCUIT_BREAKER;
    private OutlierEjection outlierEjection = OutlierEjection.defaults();
    private Predicate<? super Throwable> failurePredicate = t -> true;
    private Clock clock = Clock.systemUTC();
    private MeterRegistry meterRegistry;
    private Executor asyncExecutor;

    FederationBuilder(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank but was '" + name + "'");
        }
        this.name = name;
    }

    /**
     * Adds a pool.
     *
     * @param pool the pool; its name must be unique
     * @return this builder
     */
    public FederationBuilder<R> pool(Pool<R> pool) {
        Objects.requireNonNull(pool, "pool");
        for (Pool<R> p : pools) {
            if (p.name().equals(pool.name())) {
                throw new IllegalArgumentException("pool name must be unique but '" + pool.name() + "' is given twice");
            }
        }
        pools.add(pool);
        return this;
    }

    /**
     * The selection strategy; default {@link Strategy#smoothWeighted()}.
     *
     * @param strategy the strategy (an instance for this federation only)
     * @return this builder
     */
    public FederationBuilder<R> strategy(Strategy strategy) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        return this;
    }

    /**
     * The locality of the callers of this federation (the process's zone), used by
     * {@link Strategy#localityAware()}; a call may override it with {@link CallOptions#withLocality}. Default none.
     *
     * @param locality not blank
     * @return this builder
     */
    public FederationBuilder<R> locality(String locality) {
        Objects.requireNonNull(locality, "locality");
        if (locality.isBlank()) {
            throw new IllegalArgumentException("locality must not be blank but was '" + locality + "'");
        }
        this.locality = locality;
        return this;
    }

    /**
     * Localities the federation should always serve: health is degraded while one of them has no serving pool,
     * even when it has no member at all. The localities of the members count anyway.
     *
     * @param localities not blank
     * @return this builder
     */
    public FederationBuilder<R> expectedLocalities(String... localities) {
        for (String l : localities) {
            Objects.requireNonNull(l, "localities");
            if (l.isBlank()) {
                throw new IllegalArgumentException("expectedLocalities must not be blank but was '" + l + "'");
            }
            expectedLocalities.add(l);
        }
        return this;
    }

    /**
     * Attempts of an idempotent call, each on a different pool; default {@value #DEFAULT_MAX_ATTEMPTS}.
     *
     * @param maxAttempts 1 to {@value #MAX_ATTEMPTS}
     * @return this builder
     */
    public FederationBuilder<R> maxAttempts(int maxAttempts) {
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and " + MAX_ATTEMPTS + " but was "
                    + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        return this;
    }

    /**
     * The longest one attempt may run; a slower attempt is abandoned (its thread interrupted), counted as a
     * failure of its pool ({@link AttemptTimeoutException}) and retried elsewhere when idempotent. With a timeout,
     * attempts run on the federation's threads while the caller waits. Default none: attempts run on the caller's
     * thread for as long as they take.
     *
     * @param attemptTimeout &gt; 0
     * @return this builder
     */
    public FederationBuilder<R> attemptTimeout(Duration attemptTimeout) {
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        if (attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("attemptTimeout must be > 0 but was " + attemptTimeout);
        }
        this.attemptTimeout = attemptTimeout;
        return this;
    }

    /**
     * Each pool's circuit breaker; default {@link #DEFAULT_CIRCUIT_BREAKER}. The federation's clock replaces the
     * config's.
     *
     * @param config the breaker configuration
     * @return this builder
     */
    public FederationBuilder<R> circuitBreaker(CircuitBreakerConfig config) {
        this.circuitBreaker = Objects.requireNonNull(config, "config");
        return this;
    }

    /**
     * Outlier ejection; default {@link OutlierEjection#defaults()}.
     *
     * @param outlierEjection the options, or {@link OutlierEjection#disabled()}
     * @return this builder
     */
    public FederationBuilder<R> outlierEjection(OutlierEjection outlierEjection) {
        this.outlierEjection = Objects.requireNonNull(outlierEjection, "outlierEjection");
        return this;
    }

    /**
     * Which exceptions of a call are failures of the pool. Others (for example a "not found" the resource
     * answered correctly) go back to the caller at once, wrapped in a {@link FederationCallException}, without a
     * retry and without counting against the pool. Default: every exception.
     *
     * @param failurePredicate true for a pool failure
     * @return this builder
     */
    public FederationBuilder<R> failurePredicate(Predicate<? super Throwable> failurePredicate) {
        this.failurePredicate = Objects.requireNonNull(failurePredicate, "failurePredicate");
        return this;
    }

    /**
     * The clock for outlier ejection and the circuit breakers' open time; default the system UTC clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public FederationBuilder<R> clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Where the federation's meters go ({@code foundation.federation.*}); default none.
     *
     * @param meterRegistry the registry
     * @return this builder
     */
    public FederationBuilder<R> meterRegistry(MeterRegistry meterRegistry) {
        this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
        return this;
    }

    /**
     * Where {@link Federation#executeAsync} runs calls; default the federation's own daemon threads. The
     * federation does not shut down an executor given here.
     *
     * @param executor the executor
     * @return this builder
     */
    public FederationBuilder<R> asyncExecutor(Executor executor) {
        this.asyncExecutor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /**
     * Builds the federation. It may start empty: pools can be added later.
     *
     * @return the federation
     */
    public Federation<R> build() {
        return new DefaultFederation<>(new Settings<>(name, List.copyOf(pools), Set.copyOf(expectedLocalities),
                strategy == null ? Strategy.smoothWeighted() : strategy, locality, maxAttempts, attemptTimeout,
                circuitBreaker, outlierEjection, failurePredicate, clock, meterRegistry, asyncExecutor));
    }
}
