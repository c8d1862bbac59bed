package dev.foundation.federation.internal;

import dev.foundation.federation.AttemptTimeoutException;
import dev.foundation.federation.CallOptions;
import dev.foundation.federation.Federation;
import dev.foundation.federation.FederationCallException;
import dev.foundation.federation.FederationHealth;
import dev.foundation.federation.HealthStatus;
import dev.foundation.federation.NoPoolAvailableException;
import dev.foundation.federation.OutlierEjection;
import dev.foundation.federation.Pool;
import dev.foundation.federation.PoolCall;
import dev.foundation.federation.PoolHealth;
import dev.foundation.federation.PoolState;
import dev.foundation.federation.Strategy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The federation: an immutable member list replaced on every membership change (copy on write), a strategy
 * that picks among the selectable members, and the attempt loop with failover.
 *
 * @param <R> the resource type
 */
public final class DefaultFederation<R> implements Federation<R> {

    static final Logger LOG = LoggerFactory.getLogger(Federation.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final String name;
    private final Set<String> expectedLocalities;
    private final String locality;
    private final int maxAttempts;
    private final Duration attemptTimeout;
    private final CircuitBreakerConfig breakerConfig;
    private final OutlierEjection ejection;
    private final Predicate<? super Throwable> failurePredicate;
    private final Clock clock;
    private final MeterRegistry registry;
    private final MeterRegistry meters;
    private final ExecutorService threads;
    /** This federation's threads that may still be alive: a pool's workers live briefly after termination. */
    private final Set<Thread> started = ConcurrentHashMap.newKeySet();
    private final Executor asyncExecutor;
    private final Counter retries;
    private final Counter unavailable;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object membershipLock = new Object();
    private volatile List<PoolEntry<R>> members = List.of();
    private volatile Strategy strategy;

    /**
     * Creates the federation from validated settings.
     *
     * @param settings the settings
     */
    public DefaultFederation(Settings<R> settings) {
        this.name = settings.name();
        this.expectedLocalities = settings.expectedLocalities();
        this.locality = settings.locality();
        this.maxAttempts = settings.maxAttempts();
        this.attemptTimeout = settings.attemptTimeout();
        this.breakerConfig = settings.circuitBreaker();
        this.ejection = settings.outlierEjection();
        this.failurePredicate = settings.failurePredicate();
        this.clock = settings.clock();
        this.registry = settings.meterRegistry();
        this.strategy = settings.strategy();
        this.threads = Executors.newCachedThreadPool(threadFactory(name));
        this.asyncExecutor = settings.asyncExecutor() == null ? threads : settings.asyncExecutor();
        // without an application registry, an empty composite registry: its meters do nothing (Micrometer's idiom)
        this.meters = registry != null ? registry : new CompositeMeterRegistry();
        retries = Counter.builder("foundation.federation.retries").tag("federation", name)
                .description("attempts after the first of idempotent calls").register(meters);
        unavailable = Counter.builder("foundation.federation.unavailable").tag("federation", name)
                .description("calls refused because no pool could take them").register(meters);
        List<PoolEntry<R>> initial = new ArrayList<>();
        for (Pool<R> p : settings.pools()) {
            initial.add(newEntry(p));
        }
        members = List.copyOf(initial);
    }

    /** Names the threads and keeps those still alive, to be joined on close. */
    private ThreadFactory threadFactory(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            started.removeIf(t -> !t.isAlive());
            Thread t = new Thread(r, "federation-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            started.add(t);
            return t;
        };
    }

    private PoolEntry<R> newEntry(Pool<R> p) {
        return new PoolEntry<>(name, p, breakerConfig, clock, registry);
    }

    @Override
    public String name() {
        return name;
    }

    // ---------------------------------------------------------------- calls

    @Override
    public <T> T execute(PoolCall<? super R, T> call) {
        return execute(CallOptions.defaults(), call);
    }

    @Override
    public <T> T execute(CallOptions options, PoolCall<? super R, T> call) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(call, "call");
        ensureOpen();
        String callerLocality = options.locality() != null ? options.locality() : locality;
        int attempts = options.isIdempotent() ? maxAttempts : 1;
        List<PoolEntry<R>> tried = null;
        Throwable last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            long now = clock.millis(); // one clock read per attempt: on a busy VM a read costs 100+ ns
            PoolEntry<R> entry = acquire(callerLocality, tried, now);
            if (entry == null) {
                if (last == null) {
                    unavailable.increment();
                    throw new NoPoolAvailableException("federation '" + name + "' has no pool that can take a call now"
                            + " (" + members.size() + " members; all draining, ejected, behind an open breaker or"
                            + " at capacity)");
                }
                break;
            }
            if (tried == null) {
                tried = new ArrayList<>(attempts);
            }
            tried.add(entry);
            if (attempt > 1) {
                retries.increment();
            }
            Outcome<T> outcome = attempt(entry, call, now);
            if (outcome.failure == null) {
                return outcome.value;
            }
            if (last != null) {
                outcome.failure.addSuppressed(last);
            }
            last = outcome.failure;
            if (!outcome.retryable) {
                break;
            }
        }
        List<String> names = new ArrayList<>(tried.size());
        for (PoolEntry<R> e : tried) {
            names.add(e.name());
        }
        throw new FederationCallException("call on federation '" + name + "' failed after " + tried.size()
                + (tried.size() == 1 ? " attempt" : " attempts") + " on " + names + ": " + last, names, last);
    }

    @Override
    public <T> CompletableFuture<T> executeAsync(PoolCall<? super R, T> call) {
        return executeAsync(CallOptions.defaults(), call);
    }

    @Override
    public <T> CompletableFuture<T> executeAsync(CallOptions options, PoolCall<? super R, T> call) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(call, "call");
        ensureOpen();
        return CompletableFuture.supplyAsync(() -> execute(options, call), asyncExecutor);
    }

    /** An attempt's result: a value, or a failure and whether another pool may be tried. */
    private record Outcome<T>(T value, Throwable failure, boolean retryable) {
    }

    /**
     * Picks a pool and enters it: the strategy chooses among the selectable members not yet tried; a pick that
     * turns the call away (bulkhead full, breaker refusing, drained meanwhile) is left out and the strategy asked
     * again. Null when no member is left.
     */
    private PoolEntry<R> acquire(String callerLocality, List<PoolEntry<R>> tried, long now) {
        List<PoolEntry<R>> refused = null;
        Strategy s = strategy;
        while (true) {
            List<PoolEntry<R>> all = members;
            List<PoolEntry<R>> candidates = candidates(all, now, tried, refused);
            if (candidates.isEmpty()) {
                return null;
            }
            PoolEntry<R> picked = s.select(candidates, callerLocality);
            if (picked == null || !candidates.contains(picked)) {
                throw new IllegalStateException("strategy " + s.name() + " returned " + picked
                        + ", which is not one of the candidates " + candidates);
            }
            if (picked.tryEnter(now)) {
                return picked;
            }
            if (refused == null) {
                refused = new ArrayList<>(2);
            }
            refused.add(picked);
        }
    }

    private static <R> List<PoolEntry<R>> candidates(List<PoolEntry<R>> all, long now, List<PoolEntry<R>> tried,
                                                     List<PoolEntry<R>> refused) {
        int n = all.size();
        for (int i = 0; i < n; i++) {
            PoolEntry<R> e = all.get(i);
            if (!e.selectable(now) || contains(tried, e) || contains(refused, e)) {
                // at least one is left out: build the filtered list
                List<PoolEntry<R>> out = new ArrayList<>(n - 1);
                for (int j = 0; j < i; j++) {
                    out.add(all.get(j));
                }
                for (int j = i + 1; j < n; j++) {
                    PoolEntry<R> f = all.get(j);
                    if (f.selectable(now) && !contains(tried, f) && !contains(refused, f)) {
                        out.add(f);
                    }
                }
                return out;
            }
        }
        return all;
    }

    private static <R> boolean contains(List<PoolEntry<R>> list, PoolEntry<R> e) {
        if (list == null) {
            return false;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == e) {
                return true;
            }
        }
        return false;
    }

    /** Runs one attempt on an entered pool and leaves it (at once, or when a timed-out attempt really returns). */
    private <T> Outcome<T> attempt(PoolEntry<R> entry, PoolCall<? super R, T> call, long now) {
        long start = System.nanoTime();
        if (attemptTimeout == null) {
            try {
                T value = call.call(entry.pool.resource());
                entry.onSuccess(System.nanoTime() - start, now);
                return new Outcome<>(value, null, false);
            } catch (InterruptedException e) {
                entry.breaker.releasePermission();
                Thread.currentThread().interrupt();
                return new Outcome<>(null, e, false);
            } catch (Exception e) {
                return failed(entry, start, e);
            } catch (Error e) {
                entry.breaker.releasePermission();
                throw e;
            } finally {
                entry.exit();
            }
        }
        // 0: not started, 1: running (the task leaves the pool), 2: abandoned before it started (we leave it)
        AtomicInteger phase = new AtomicInteger();
        Future<T> future;
        try {
            future = threads.submit(() -> {
                if (!phase.compareAndSet(0, 1)) {
                    return null;
                }
                try {
                    return call.call(entry.pool.resource());
                } finally {
                    entry.exit();
                }
            });
        } catch (RuntimeException rejected) { // closed meanwhile
            entry.breaker.releasePermission();
            entry.exit();
            return new Outcome<>(null, rejected, false);
        }
        try {
            T value = future.get(attemptTimeout.toNanos(), TimeUnit.NANOSECONDS);
            entry.onSuccess(System.nanoTime() - start, now);
            return new Outcome<>(value, null, false);
        } catch (TimeoutException e) {
            abandon(entry, future, phase);
            return failed(entry, start, new AttemptTimeoutException(entry.name(), attemptTimeout));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                entry.breaker.releasePermission();
                throw error;
            }
            return failed(entry, start, cause);
        } catch (InterruptedException e) {
            abandon(entry, future, phase);
            entry.breaker.releasePermission();
            Thread.currentThread().interrupt();
            return new Outcome<>(null, e, false);
        }
    }

    private static <R> void abandon(PoolEntry<R> entry, Future<?> future, AtomicInteger phase) {
        future.cancel(true);
        if (phase.compareAndSet(0, 2)) {
            entry.exit();
        }
    }

    private <T> Outcome<T> failed(PoolEntry<R> entry, long start, Throwable error) {
        long nanos = System.nanoTime() - start;
        if (!failurePredicate.test(error)) {
            entry.onSuccess(nanos, clock.millis()); // the pool answered; the answer is the caller's business
            return new Outcome<>(null, error, false);
        }
        if (entry.onFailure(nanos, clock.millis(), error, ejection)) {
            maybeEject(entry);
        }
        LOG.debug("call on pool '{}' of federation '{}' failed: {}", entry.name(), name, error.toString());
        return new Outcome<>(null, error, true);
    }

    private void maybeEject(PoolEntry<R> entry) {
        synchronized (membershipLock) {
            long now = clock.millis();
            List<PoolEntry<R>> all = members;
            int ejected = 0;
            for (PoolEntry<R> e : all) {
                if (e.ejected(now)) {
                    ejected++;
                }
            }
            if ((ejected + 1) * 100L > (long) ejection.maxEjectedPercent() * all.size()) {
                LOG.warn("pool '{}' of federation '{}' failed {} times in a row but is not ejected: {} of {} pools"
                                + " are already ejected (limit {}%)", entry.name(), name,
                        ejection.consecutiveFailures(), ejected, all.size(), ejection.maxEjectedPercent());
                return;
            }
            Instant until = entry.eject(now, ejection);
            if (until != null) {
                LOG.warn("pool '{}' of federation '{}' ejected until {} after {} failures in a row", entry.name(),
                        name, until, ejection.consecutiveFailures());
            }
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("federation '" + name + "' is closed");
        }
    }

    // ---------------------------------------------------------------- membership

    @Override
    public void addPool(Pool<R> pool) {
        Objects.requireNonNull(pool, "pool");
        ensureOpen();
        synchronized (membershipLock) {
            for (PoolEntry<R> e : members) {
                if (e.name().equals(pool.name())) {
                    throw new IllegalArgumentException("pool name must be unique in federation '" + name + "' but '"
                            + pool.name() + "' is already a member");
                }
            }
            List<PoolEntry<R>> next = new ArrayList<>(members);
            next.add(newEntry(pool));
            members = List.copyOf(next);
        }
        LOG.info("federation '{}': added {}", name, pool);
    }

    @Override
    public CompletableFuture<Void> drainPool(String poolName) {
        PoolEntry<R> e = member(poolName);
        LOG.info("federation '{}': draining pool '{}' ({} calls in flight)", name, poolName, e.inFlight());
        return e.drain(PoolState.DRAINING);
    }

    @Override
    public void resumePool(String poolName) {
        member(poolName).resume();
        LOG.info("federation '{}': pool '{}' resumed", name, poolName);
    }

    @Override
    public CompletableFuture<R> removePool(String poolName) {
        PoolEntry<R> removed;
        synchronized (membershipLock) {
            removed = member(poolName);
            List<PoolEntry<R>> next = new ArrayList<>(members);
            next.remove(removed);
            members = List.copyOf(next);
        }
        LOG.info("federation '{}': removing pool '{}' ({} calls in flight)", name, poolName, removed.inFlight());
        PoolEntry<R> entry = removed;
        return entry.drain(PoolState.REMOVED).thenApply(v -> {
            entry.meters.remove();
            return entry.pool.resource();
        });
    }

    @Override
    public void setWeight(String poolName, int weight) {
        checkWeight("weight", weight);
        member(poolName).weight(weight);
    }

    @Override
    public void applyWeights(Map<String, Integer> weights) {
        Objects.requireNonNull(weights, "weights");
        List<String> errors = new ArrayList<>();
        Map<PoolEntry<R>, Integer> resolved = new LinkedHashMap<>();
        List<PoolEntry<R>> all = members;
        for (Map.Entry<String, Integer> w : new TreeMap<>(weights).entrySet()) {
            PoolEntry<R> e = find(all, w.getKey());
            Integer v = w.getValue();
            if (e == null) {
                errors.add("pool '" + w.getKey() + "' is not a member of federation '" + name + "'");
            } else if (v == null || v < 1 || v > Pool.MAX_WEIGHT) {
                errors.add("weight of '" + w.getKey() + "' must be between 1 and " + Pool.MAX_WEIGHT + " but was " + v);
            } else {
                resolved.put(e, v);
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        resolved.forEach(PoolEntry::weight);
        LOG.info("federation '{}': weights now {}", name, weights);
    }

    @Override
    public void setStrategy(Strategy strategy) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        LOG.info("federation '{}': strategy now {}", name, strategy.name());
    }

    @Override
    public Strategy strategy() {
        return strategy;
    }

    private PoolEntry<R> member(String poolName) {
        Objects.requireNonNull(poolName, "name");
        PoolEntry<R> e = find(members, poolName);
        if (e == null) {
            throw new IllegalArgumentException("name must be a member of federation '" + name + "' but was '"
                    + poolName + "'");
        }
        return e;
    }

    private static <R> PoolEntry<R> find(List<PoolEntry<R>> all, String poolName) {
        for (PoolEntry<R> e : all) {
            if (e.name().equals(poolName)) {
                return e;
            }
        }
        return null;
    }

    private static void checkWeight(String parameter, int weight) {
        if (weight < 1 || weight > Pool.MAX_WEIGHT) {
            throw new IllegalArgumentException(parameter + " must be between 1 and " + Pool.MAX_WEIGHT + " but was "
                    + weight);
        }
    }

    // ---------------------------------------------------------------- health

    @Override
    public List<PoolHealth> pools() {
        long now = clock.millis();
        List<PoolHealth> out = new ArrayList<>();
        for (PoolEntry<R> e : members) {
            out.add(e.health(now));
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public Optional<PoolHealth> pool(String poolName) {
        PoolEntry<R> e = find(members, Objects.requireNonNull(poolName, "name"));
        return e == null ? Optional.empty() : Optional.of(e.health(clock.millis()));
    }

    @Override
    public FederationHealth health() {
        List<PoolHealth> pools = pools();
        Set<String> localities = new TreeSet<>(expectedLocalities);
        Set<String> serving = new TreeSet<>();
        int available = 0;
        for (PoolHealth p : pools) {
            localities.add(p.locality());
            if (p.serving()) {
                serving.add(p.locality());
                available++;
            }
        }
        Set<String> missing = new TreeSet<>(localities);
        missing.removeAll(serving);
        HealthStatus status;
        String detail;
        if (closed.get()) {
            status = HealthStatus.UNHEALTHY;
            detail = "closed";
        } else if (available == 0) {
            status = HealthStatus.UNHEALTHY;
            detail = "no pool serving (" + pools.size() + " members)";
        } else if (!missing.isEmpty()) {
            status = HealthStatus.DEGRADED;
            detail = "no pool serving in " + missing + "; " + available + " of " + pools.size() + " pools serving";
        } else {
            status = HealthStatus.HEALTHY;
            detail = available + " of " + pools.size() + " pools serving in " + serving;
        }
        return new FederationHealth(name, status, detail, missing, pools);
    }

    // ---------------------------------------------------------------- close

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        threads.shutdown();
        try {
            if (!threads.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("federation '{}': calls still running {} after close, interrupting them", name, CLOSE_GRACE);
                threads.shutdownNow();
            } else {
                long joinBy = System.nanoTime() + CLOSE_GRACE.toNanos();
                for (Thread t : started) {
                    long left = TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime());
                    if (t != Thread.currentThread() && left > 0) {
                        t.join(left); // ended by now but for its last steps out of the pool
                    }
                }
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
        for (PoolEntry<R> e : members) {
            e.meters.remove();
        }
        meters.remove(retries);
        meters.remove(unavailable);
        LOG.info("federation '{}' closed", name);
    }
}
