package dev.foundation.analytics.internal;

import dev.foundation.analytics.AlertEvent;
import dev.foundation.analytics.Analytics;
import dev.foundation.analytics.Anomaly;
import dev.foundation.analytics.Budget;
import dev.foundation.analytics.BudgetEvent;
import dev.foundation.analytics.Pipeline;
import dev.foundation.analytics.PipelineSpec;
import dev.foundation.analytics.Registration;
import dev.foundation.analytics.ScalingPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: a lock, the pipelines, budgets and policies, and the tick that runs them in order.
 *
 * <p>Two locks: {@link #lock} guards the state and is held only by the engine's own code; {@link #dispatch} orders
 * ticks and policy registration and is held while the application's code runs (listeners, budget hooks, scaling
 * metrics and targets). No application code ever runs under {@link #lock}, so a listener may call the engine (or
 * wait for a thread that does) without deadlocking it.
 */
public final class DefaultAnalytics implements Analytics {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultAnalytics.class);
    private static final Set<String> OWN_METERS = Set.of("foundation.analytics.ticks", "foundation.analytics.tick.duration",
            "foundation.analytics.series", "foundation.analytics.anomalies", "foundation.analytics.alerts.firing",
            "foundation.analytics.budget.shedding", "foundation.analytics.scaling.size");

    /** The time since the last change of a policy that never changed: longer than any cooldown. */
    private static final Duration NEVER_CHANGED = Duration.ofSeconds(Long.MAX_VALUE / 2);

    final Object lock = new Object();
    private final Object dispatch = new Object();
    /** Application calls a tick produced, run in order once {@link #lock} is released (guarded by lock). */
    private final List<Runnable> outbox = new ArrayList<>();
    final MeterRegistry registry;
    private final Clock clock;
    private final Duration resolution;
    private final long resolutionMillis;
    private final Map<String, DefaultPipeline> pipelines = new LinkedHashMap<>();
    private final List<BudgetState> budgets = new ArrayList<>();
    private final Map<String, PolicyState> policies = new LinkedHashMap<>();
    private final List<Meter> ownMeters = new ArrayList<>();
    private final Counter ticks;
    private final Timer tickDuration;
    private final AtomicBoolean started = new AtomicBoolean();
    private ScheduledThreadPoolExecutor scheduler;
    /** The scheduler's thread, joined on close: a pool's last worker is still alive briefly after termination. */
    private volatile Thread tickThread;
    private long lastTick = Long.MIN_VALUE;
    private boolean closed;

    /**
     * Creates an engine (use {@link Analytics#builder}).
     *
     * @param registry   the registry it reads and publishes to
     * @param clock      the clock
     * @param resolution the tick interval
     */
    public DefaultAnalytics(MeterRegistry registry, Clock clock, Duration resolution) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.resolution = Objects.requireNonNull(resolution, "resolution");
        this.resolutionMillis = resolution.toMillis();
        this.ticks = own(Counter.builder("foundation.analytics.ticks").description("analytics ticks run").register(registry));
        this.tickDuration = own(Timer.builder("foundation.analytics.tick.duration")
                .description("time to read the meters and run every pipeline, budget and policy once").register(registry));
        own(Gauge.builder("foundation.analytics.series", this, DefaultAnalytics::seriesCount)
                .description("series tracked by all pipelines").register(registry));
    }

    private <M extends Meter> M own(M meter) {
        ownMeters.add(meter);
        return meter;
    }

    private double seriesCount() {
        synchronized (lock) {
            return pipelines.values().stream().mapToInt(DefaultPipeline::seriesCount).sum();
        }
    }

    @Override
    public Pipeline add(PipelineSpec spec) {
        Objects.requireNonNull(spec, "spec");
        synchronized (lock) {
            checkOpen();
            if (pipelines.containsKey(spec.name())) {
                throw new IllegalArgumentException("a pipeline named '" + spec.name() + "' already exists");
            }
            DefaultPipeline p = new DefaultPipeline(spec, this, resolutionMillis);
            pipelines.put(spec.name(), p);
            return p;
        }
    }

    void removed(DefaultPipeline pipeline) {
        pipelines.remove(pipeline.name(), pipeline);
        budgets.removeIf(b -> b.budget.pipeline() == pipeline);
    }

    @Override
    public Registration add(Budget budget) {
        Objects.requireNonNull(budget, "budget");
        synchronized (lock) {
            checkOpen();
            if (pipelines.get(budget.pipeline().name()) != budget.pipeline()) {
                throw new IllegalArgumentException("budget '" + budget.name() + "' reads pipeline '"
                        + budget.pipeline().name() + "', which does not belong to this engine");
            }
            if (budgets.stream().anyMatch(b -> b.budget.name().equals(budget.name()))) {
                throw new IllegalArgumentException("a budget named '" + budget.name() + "' already exists");
            }
            BudgetState state = new BudgetState(budget);
            budgets.add(state);
            return () -> {
                synchronized (dispatch) { // waits for a tick in progress: no hook of a removed budget runs after
                    synchronized (lock) {
                        if (budgets.remove(state)) {
                            registry.remove(state.gauge);
                        }
                    }
                }
            };
        }
    }

    @Override
    public Registration add(ScalingPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        synchronized (dispatch) {
            synchronized (lock) {
                checkNewPolicy(policy);
            }
            PolicyState state = new PolicyState(policy);
            try {
                policy.target().accept(state.size); // the application's code: outside the state lock
            } catch (RuntimeException e) {
                registry.remove(state.gauge);
                throw e;
            }
            synchronized (lock) {
                try {
                    checkNewPolicy(policy);
                } catch (RuntimeException e) {
                    registry.remove(state.gauge);
                    throw e;
                }
                policies.put(policy.name(), state);
            }
            return () -> {
                synchronized (dispatch) { // waits for a tick in progress: a removed policy's target is not called after
                    synchronized (lock) {
                        if (policies.remove(policy.name(), state)) {
                            registry.remove(state.gauge);
                        }
                    }
                }
            };
        }
    }

    private void checkNewPolicy(ScalingPolicy policy) {
        checkOpen();
        if (policies.containsKey(policy.name())) {
            throw new IllegalArgumentException("a scaling policy named '" + policy.name() + "' already exists");
        }
    }

    /** Queues an application call made by the tick in progress (caller holds {@link #lock}). */
    void post(Runnable call) {
        outbox.add(call);
    }

    @Override
    public boolean tick() {
        synchronized (dispatch) {
            List<Runnable> calls;
            List<PolicyState> due;
            long now;
            long startNanos = System.nanoTime();
            synchronized (lock) {
                if (closed) {
                    return false;
                }
                now = clock.millis();
                long tick = Math.floorDiv(now, resolutionMillis);
                if (tick <= lastTick) {
                    return false;
                }
                lastTick = tick;
                List<Meter> meters = registry.getMeters();
                Set<String> excluded = new HashSet<>(OWN_METERS);
                for (DefaultPipeline p : pipelines.values()) {
                    if (p.outputName() != null) {
                        excluded.add(p.outputName());
                    }
                }
                for (DefaultPipeline p : new ArrayList<>(pipelines.values())) {
                    try {
                        p.tick(tick, meters, excluded);
                    } catch (RuntimeException e) {
                        LOG.warn("pipeline '{}' failed at tick {}; it runs again at the next tick", p.name(), tick, e);
                    }
                }
                Instant at = Instant.ofEpochMilli(now);
                for (BudgetState b : budgets) {
                    b.check(at);
                }
                calls = new ArrayList<>(outbox);
                outbox.clear();
                due = new ArrayList<>(policies.values());
            }
            // the application's code, in the order the tick produced it, with the state lock released
            for (Runnable call : calls) {
                call.run();
            }
            for (PolicyState p : due) {
                p.check(now);
            }
            ticks.increment();
            tickDuration.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
            return true;
        }
    }

    @Override
    public void start() {
        synchronized (lock) {
            checkOpen();
            if (!started.compareAndSet(false, true)) {
                throw new IllegalStateException("analytics is already started");
            }
            scheduler = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "foundation-analytics");
                t.setDaemon(true);
                tickThread = t;
                return t;
            });
            scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            long delay = resolutionMillis - Math.floorMod(clock.millis(), resolutionMillis);
            scheduler.scheduleAtFixedRate(() -> {
                try {
                    tick();
                } catch (RuntimeException | Error e) {
                    LOG.error("analytics tick failed; ticking goes on", e);
                }
            }, delay, resolutionMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public Duration resolution() {
        return resolution;
    }

    @Override
    public Map<String, Pipeline> pipelines() {
        synchronized (lock) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(pipelines));
        }
    }

    @Override
    public List<AlertEvent> firingAlerts() {
        synchronized (lock) {
            List<AlertEvent> out = new ArrayList<>();
            for (DefaultPipeline p : pipelines.values()) {
                p.firing(out);
            }
            out.sort(Comparator.comparing(AlertEvent::at));
            return out;
        }
    }

    @Override
    public List<String> sheddingBudgets() {
        synchronized (lock) {
            List<String> out = new ArrayList<>();
            for (BudgetState b : budgets) {
                if (b.shedding) {
                    out.add(b.budget.name());
                }
            }
            return out;
        }
    }

    @Override
    public int currentSize(String policy) {
        synchronized (lock) {
            PolicyState s = policies.get(policy);
            return s == null ? -1 : s.size;
        }
    }

    void anomaly(Anomaly anomaly) {
        Counter.builder("foundation.analytics.anomalies").tag("pipeline", anomaly.pipeline())
                .tag("detector", anomaly.detector()).description("anomalies flagged").register(registry).increment();
    }

    @Override
    public void close() {
        ScheduledThreadPoolExecutor s;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            s = scheduler;
        }
        if (s != null) {
            s.shutdownNow();
            try {
                Thread t = tickThread;
                if (t == Thread.currentThread()) {
                    LOG.debug("analytics closed from its own thread; it ends when the current tick returns");
                } else if (!s.awaitTermination(10, TimeUnit.SECONDS) || !join(t)) {
                    LOG.warn("analytics thread did not stop within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            for (DefaultPipeline p : new ArrayList<>(pipelines.values())) {
                p.close();
            }
            for (BudgetState b : budgets) {
                registry.remove(b.gauge);
            }
            budgets.clear();
            for (PolicyState p : policies.values()) {
                registry.remove(p.gauge);
            }
            policies.clear();
            for (Meter m : ownMeters) {
                registry.remove(m);
            }
            registry.getMeters().stream().filter(m -> m.getId().getName().equals("foundation.analytics.anomalies"))
                    .forEach(registry::remove);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("analytics is closed");
        }
    }

    /** A budget's shedding state, with hysteresis. */
    private final class BudgetState {
        final Budget budget;
        final Gauge gauge;
        boolean shedding;

        BudgetState(Budget budget) {
            this.budget = budget;
            this.gauge = Gauge.builder("foundation.analytics.budget.shedding", this, b -> b.shedding ? 1 : 0)
                    .tag("budget", budget.name()).description("1 while the budget sheds load")
                    .strongReference(true).register(registry);
        }

        void check(Instant at) {
            DefaultPipeline p = pipelines.get(budget.pipeline().name());
            if (p == null) {
                return;
            }
            double value = 0;
            int n = 0;
            for (double v : p.latestValues(budget.aggregate())) {
                if (!Double.isNaN(v)) {
                    value += v;
                    n++;
                }
            }
            if (n == 0) {
                return;
            }
            if (!shedding && value >= budget.shedAt() * budget.limit()) {
                shedding = true;
                LOG.warn("budget '{}' is over: {} >= {} x {}; shedding load", budget.name(), value, budget.shedAt(),
                        budget.limit());
                BudgetEvent event = new BudgetEvent(budget.name(), true, value, budget.limit(), at);
                post(() -> {
                    run(budget.onShed(), "onShed");
                    tell(event);
                });
            } else if (shedding && value <= budget.recoverAt() * budget.limit()) {
                shedding = false;
                LOG.info("budget '{}' recovered: {} <= {} x {}", budget.name(), value, budget.recoverAt(), budget.limit());
                BudgetEvent event = new BudgetEvent(budget.name(), false, value, budget.limit(), at);
                post(() -> {
                    run(budget.onRecover(), "onRecover");
                    tell(event);
                });
            }
        }

        private void run(Runnable hook, String which) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.warn("budget '{}': {} hook failed", budget.name(), which, e);
            }
        }

        private void tell(BudgetEvent event) {
            try {
                budget.listener().accept(event);
            } catch (RuntimeException e) {
                LOG.warn("budget '{}': listener failed on {}", budget.name(), event, e);
            }
        }
    }

    /** A scaling policy's current size and last change. */
    private final class PolicyState {
        final ScalingPolicy policy;
        final Gauge gauge;
        volatile int size; // written by the tick under dispatch, read by currentSize() and the gauge
        long lastChange;
        boolean changed;

        PolicyState(ScalingPolicy policy) {
            this.policy = policy;
            this.size = policy.initial();
            this.gauge = Gauge.builder("foundation.analytics.scaling.size", this, s -> s.size)
                    .tag("policy", policy.name()).description("the size a scaling policy set")
                    .strongReference(true).register(registry);
        }

        void check(long now) {
            double value;
            try {
                value = policy.metric().getAsDouble();
            } catch (RuntimeException e) {
                LOG.warn("scaling policy '{}': metric failed; size stays {}", policy.name(), size, e);
                return;
            }
            Duration since = changed ? Duration.ofMillis(now - lastChange) : NEVER_CHANGED;
            int next = policy.decide(size, value, since);
            if (next == size) {
                return;
            }
            try {
                policy.target().accept(next);
            } catch (RuntimeException e) {
                LOG.warn("scaling policy '{}': target refused size {}; size stays {}", policy.name(), next, size, e);
                return;
            }
            LOG.info("scaling policy '{}': {} -> {} (metric {})", policy.name(), size, next, value);
            size = next;
            lastChange = now;
            changed = true;
        }
    }

    /** Waits up to 10 s for a thread to end; true if it did (or there was none). */
    private static boolean join(Thread t) throws InterruptedException {
        if (t != null) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        return t == null || !t.isAlive();
    }
}
