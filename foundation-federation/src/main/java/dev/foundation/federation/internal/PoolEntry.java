package dev.foundation.federation.internal;

import dev.foundation.federation.HealthStatus;
import dev.foundation.federation.OutlierEjection;
import dev.foundation.federation.Pool;
import dev.foundation.federation.PoolHealth;
import dev.foundation.federation.PoolState;
import dev.foundation.federation.PoolView;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One member: the pool, its breaker and bulkhead, in-flight count, ejection and drain state. Identity equality
 * (strategies key their state by it).
 *
 * @param <R> the resource type
 */
final class PoolEntry<R> implements PoolView {

    final Pool<R> pool;
    final CircuitBreaker breaker;
    final Bulkhead bulkhead;
    final PoolMeters meters;
    private final long openWaitMillis;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    /** Epoch millis at which the ejection ends; 0 when not ejected. */
    private final AtomicLong ejectedUntil = new AtomicLong();
    private volatile int ejections;
    private volatile int weight;
    private volatile PoolState state = PoolState.ACTIVE;
    private volatile long openedAtMillis;
    private volatile CompletableFuture<Void> drained;

    PoolEntry(String federation, Pool<R> pool, CircuitBreakerConfig breakerConfig, Clock clock,
              MeterRegistry registry) {
        this.pool = pool;
        this.weight = pool.weight();
        this.meters = PoolMeters.of(registry, federation, pool.name(), pool.locality(), inFlight::get,
                () -> ejected(clock.millis()) ? 1 : 0, () -> selectable(clock.millis()) ? 1 : 0);
        this.breaker = CircuitBreaker.of(federation + "/" + pool.name(),
                CircuitBreakerConfig.from(breakerConfig).clock(clock).build());
        this.openWaitMillis = Math.max(0, breakerConfig.getWaitIntervalFunctionInOpenState().apply(1));
        // No event listener on the breaker: with one, Resilience4j builds and publishes an event on every call.
        // The moment it opens is noted after recording an outcome instead (only outcomes open a breaker here).
        this.bulkhead = Bulkhead.of(federation + "/" + pool.name(), BulkheadConfig.custom()
                .maxConcurrentCalls(pool.capacity()).maxWaitDuration(Duration.ZERO)
                .fairCallHandlingStrategyEnabled(false) // nobody waits, so fairness would only cost
                .build());
    }

    @Override
    public String name() {
        return pool.name();
    }

    @Override
    public int weight() {
        return weight;
    }

    void weight(int weight) {
        this.weight = weight;
    }

    @Override
    public String locality() {
        return pool.locality();
    }

    @Override
    public int capacity() {
        return pool.capacity();
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    PoolState state() {
        return state;
    }

    /**
     * Whether the pool may be offered to the strategy at {@code now}: active, not ejected (re-admitting it when
     * its ejection is over), breaker not open (or its open wait is over, so the breaker may let a trial through),
     * below capacity.
     */
    boolean selectable(long now) {
        return state == PoolState.ACTIVE && !ejected(now) && breakerMayPermit(now) && inFlight.get() < pool.capacity();
    }

    private boolean breakerMayPermit(long now) {
        CircuitBreaker.State s = breaker.getState();
        if (s == CircuitBreaker.State.OPEN) {
            return now - openedAtMillis >= openWaitMillis;
        }
        return s != CircuitBreaker.State.FORCED_OPEN;
    }

    /** True while ejected; clears an ejection whose time is over (re-admission). */
    boolean ejected(long now) {
        long until = ejectedUntil.get();
        if (until == 0) {
            return false;
        }
        if (now < until) {
            return true;
        }
        if (ejectedUntil.compareAndSet(until, 0)) {
            consecutiveFailures.set(0);
            DefaultFederation.LOG.info("pool '{}' re-admitted after its ejection", pool.name());
        }
        return false;
    }

    /**
     * Takes a permit of the bulkhead and the breaker and counts the call in flight; false (with nothing taken)
     * when either refuses or the pool stopped being active or got ejected meanwhile.
     */
    boolean tryEnter(long now) {
        if (!bulkhead.tryAcquirePermission()) {
            return false;
        }
        if (!breaker.tryAcquirePermission()) {
            bulkhead.onComplete();
            return false;
        }
        inFlight.incrementAndGet();
        // Re-read after counting in: a drain or removal that began meanwhile either sees this call in flight
        // or is seen here (both sides write, then read the other's variable: volatile, so one of them sees it).
        if (state != PoolState.ACTIVE || ejected(now)) {
            breaker.releasePermission();
            exit();
            return false;
        }
        return true;
    }

    /** Gives back the bulkhead permit and the in-flight count; completes a pending drain at zero. */
    void exit() {
        bulkhead.onComplete();
        if (inFlight.decrementAndGet() == 0) {
            CompletableFuture<Void> d = drained;
            if (d != null) {
                d.complete(null);
            }
        }
    }

    void onSuccess(long nanos, long now) {
        CircuitBreaker.State before = breaker.getState();
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS); // a slow-call rate may open it too
        noteOpened(before, now);
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
        if (ejections != 0) {
            synchronized (this) {
                ejections = 0;
            }
        }
        meters.success(nanos);
    }

    /** Records a failure; returns true when the pool should be ejected now (the caller checks the global cap). */
    boolean onFailure(long nanos, long now, Throwable error, OutlierEjection ejection) {
        CircuitBreaker.State before = breaker.getState();
        breaker.onError(nanos, TimeUnit.NANOSECONDS, error);
        noteOpened(before, now);
        meters.failure(nanos);
        return ejection.enabled() && consecutiveFailures.incrementAndGet() >= ejection.consecutiveFailures()
                && ejectedUntil.get() == 0;
    }

    private void noteOpened(CircuitBreaker.State before, long now) {
        if (before != CircuitBreaker.State.OPEN && breaker.getState() == CircuitBreaker.State.OPEN) {
            openedAtMillis = now;
        }
    }

    /** Ejects the pool; returns the ejection's end, or null if another thread ejected it first. */
    Instant eject(long now, OutlierEjection ejection) {
        long length;
        synchronized (this) {
            ejections++;
            Duration d = ejection.baseEjectionTime().multipliedBy(ejections);
            if (d.compareTo(ejection.maxEjectionTime()) > 0 || d.isNegative()) {
                d = ejection.maxEjectionTime();
            }
            length = d.toMillis();
        }
        long until = now + Math.max(1, length);
        if (!ejectedUntil.compareAndSet(0, until)) {
            return null;
        }
        consecutiveFailures.set(0);
        return Instant.ofEpochMilli(until);
    }

    /**
     * Marks the pool draining (or removed); the future completes when nothing runs on it. The future is
     * completed after the monitor is released: completing it runs the application's dependent actions, which
     * may call back into the federation or wait for a thread that does.
     */
    CompletableFuture<Void> drain(PoolState newState) {
        CompletableFuture<Void> d;
        boolean idle;
        synchronized (this) {
            d = drained;
            if (d == null) {
                d = new CompletableFuture<>();
                drained = d;
            }
            state = newState;
            idle = inFlight.get() == 0;
        }
        if (idle) {
            d.complete(null);
        }
        return d;
    }

    /** Makes the pool active again; a pending drain's future is cancelled after the monitor is released. */
    void resume() {
        CompletableFuture<Void> d;
        synchronized (this) {
            if (state == PoolState.REMOVED) {
                throw new IllegalStateException("pool '" + pool.name() + "' was removed");
            }
            state = PoolState.ACTIVE;
            d = drained;
            drained = null;
        }
        if (d != null) {
            d.completeExceptionally(new CancellationException("pool '" + pool.name() + "' was resumed"));
        }
    }

    PoolHealth health(long now) {
        boolean ejected = ejected(now);
        long until = ejectedUntil.get();
        CircuitBreaker.State bs = breaker.getState();
        PoolState st = state;
        int running = inFlight.get();
        HealthStatus status;
        if (ejected || bs == CircuitBreaker.State.FORCED_OPEN
                || (bs == CircuitBreaker.State.OPEN && !breakerMayPermit(now))) {
            status = HealthStatus.UNHEALTHY;
        } else if (st != PoolState.ACTIVE || bs != CircuitBreaker.State.CLOSED || running >= pool.capacity()) {
            status = HealthStatus.DEGRADED;
        } else {
            status = HealthStatus.HEALTHY;
        }
        return new PoolHealth(pool.name(), pool.locality(), weight, pool.capacity(), running, st, bs,
                ejected && until != 0 ? Instant.ofEpochMilli(until) : null, status);
    }

    @Override
    public String toString() {
        return "PoolEntry[" + pool.name() + "]";
    }
}
