package dev.foundation.federation.internal;

import dev.foundation.federation.OutlierEjection;
import dev.foundation.federation.Pool;
import dev.foundation.federation.Strategy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * A federation's validated settings, as the builder hands them over.
 *
 * @param name               the federation's name
 * @param pools              the initial members
 * @param expectedLocalities localities whose absence degrades health
 * @param strategy           the initial strategy
 * @param locality           the callers' default locality, or null
 * @param maxAttempts        attempts of an idempotent call
 * @param attemptTimeout     the attempt timeout, or null for none
 * @param circuitBreaker     the per-pool breaker configuration
 * @param outlierEjection    the ejection options
 * @param failurePredicate   which exceptions are pool failures
 * @param clock              the clock
 * @param meterRegistry      the registry, or null
 * @param asyncExecutor      the async executor, or null for the federation's own
 * @param <R>                the resource type
 */
public record Settings<R>(String name, List<Pool<R>> pools, Set<String> expectedLocalities, Strategy strategy,
                          String locality, int maxAttempts, Duration attemptTimeout,
                          CircuitBreakerConfig circuitBreaker, OutlierEjection outlierEjection,
                          Predicate<? super Throwable> failurePredicate, Clock clock, MeterRegistry meterRegistry,
                          Executor asyncExecutor) {
}
