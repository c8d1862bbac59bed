package dev.foundation.coordination.internal.local;

import dev.foundation.coordination.CoordinationConfig;
import dev.foundation.coordination.CoordinationInterruptedException;
import dev.foundation.coordination.EventualCounter;
import dev.foundation.coordination.UnitOutcome;
import dev.foundation.coordination.WorkFunction;
import dev.foundation.coordination.WorkUnit;
import dev.foundation.coordination.internal.Backend;
import dev.foundation.coordination.internal.CounterStore;
import dev.foundation.coordination.internal.LeaseStore;
import dev.foundation.coordination.internal.Metrics;
import dev.foundation.coordination.internal.WorkRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The single-JVM backend: everything in memory, work on a local thread pool. */
public final class LocalBackend implements Backend {

    private final CoordinationConfig config;
    private final String memberId = "local-" + UUID.randomUUID();
    private final LeaseStore leaseStore;
    private final CounterStore counterStore = new LocalCounterStore();
    private final ConcurrentMap<String, LongAdder> eventualCounters = new ConcurrentHashMap<>();
    private final WorkRegistry work = new WorkRegistry();
    private ExecutorService workers;
    private Metrics metrics;

    /**
     * Creates a local backend.
     *
     * @param config the settings
     */
    public LocalBackend(CoordinationConfig config) {
        this.config = config;
        this.leaseStore = new LocalLeaseStore(config.clock(), config.clockDriftRate());
    }

    @Override
    public void start(Host host) {
        this.metrics = host.metrics();
        AtomicInteger n = new AtomicInteger();
        String prefix = host.threadPrefix() + "-work-";
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public String memberId() {
        return memberId;
    }

    @Override
    public LeaseStore leaseStore() {
        return leaseStore;
    }

    @Override
    public CounterStore counterStore() {
        return counterStore;
    }

    @Override
    public EventualCounter eventualCounter(String name) {
        LongAdder adder = eventualCounters.computeIfAbsent(name, k -> new LongAdder());
        return Backend.eventualCounter(name, adder::sum, delta -> {
            adder.add(delta);
            return adder.sum();
        });
    }

    @Override
    public <T, R> void registerWork(String taskName, WorkFunction<T, R> function) {
        work.register(this, taskName, function);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T, R> List<UnitOutcome<R>> runUnits(String taskName, List<WorkUnit<T>> units) {
        WorkFunction<T, R> function = (WorkFunction<T, R>) work.get(taskName);
        List<Future<R>> futures = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        for (WorkUnit<T> unit : units) {
            starts.add(System.nanoTime());
            futures.add(workers.submit(() -> {
                R result = function.apply(unit);
                if (result == null) {
                    throw new NullPointerException("work function of task '" + taskName + "' returned null for unit '"
                            + unit.id() + "'");
                }
                return result;
            }));
        }
        long timeout = config.unitTimeout().toNanos();
        List<UnitOutcome<R>> outcomes = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            String id = units.get(i).id();
            Future<R> future = futures.get(i);
            try {
                long left = starts.get(i) + timeout - System.nanoTime();
                R result = future.get(Math.max(0, left), TimeUnit.NANOSECONDS);
                metrics.unit(taskName, "success");
                outcomes.add(new UnitOutcome<>(id, result, null, memberId, 1));
            } catch (ExecutionException e) {
                metrics.unit(taskName, "failure");
                outcomes.add(new UnitOutcome<>(id, null, WorkRegistry.describe(e.getCause()), memberId, 1));
            } catch (TimeoutException e) {
                future.cancel(true);
                metrics.unit(taskName, "timeout");
                outcomes.add(new UnitOutcome<>(id, null, "timed out after " + config.unitTimeout(), memberId, 1));
            } catch (InterruptedException e) {
                futures.forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                throw new CoordinationInterruptedException("finish task '" + taskName + "'", e);
            }
        }
        return outcomes;
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
