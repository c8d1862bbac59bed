package dev.foundation.lifecycle.internal;

import dev.foundation.lifecycle.ComponentContext;
import dev.foundation.lifecycle.ComponentHealth;
import dev.foundation.lifecycle.ComponentTimeoutException;
import dev.foundation.lifecycle.HealthReport;
import dev.foundation.lifecycle.HealthStatus;
import dev.foundation.lifecycle.Lifecycle;
import dev.foundation.lifecycle.LifecycleException;
import dev.foundation.lifecycle.LifecycleStartException;
import dev.foundation.lifecycle.Scheduler;
import dev.foundation.lifecycle.Stage;
import dev.foundation.lifecycle.Transition;
import dev.foundation.lifecycle.TransitionListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle: its state machine (the transition table is at the {@code state} field), the start and stop
 * of components over the graph, their stages and crash signals, and the probes. Health checks are in
 * {@link HealthMonitor}, the graceful shutdown's steps in {@link ShutdownSequence}, the JVM shutdown hook
 * and SIGTERM handler in {@link JvmSignals}, restarts in {@link Supervisor}.
 */
public final class DefaultLifecycle implements Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /** The lifecycle's own state (each component has its {@link Stage}). */
    private enum State { NEW, STARTING, RUNNING, STOPPING, CLOSED, FAILED }

    private final int instance = INSTANCES.incrementAndGet();
    private final Settings settings;
    private final List<ComponentRuntime> runtimes;
    private final Map<String, ComponentRuntime> byName = new LinkedHashMap<>();
    private final List<TransitionListener> listeners;
    final LifecycleMetrics metrics;
    final HealthMonitor monitor = new HealthMonitor(this);
    /** The only transitions there are: a move not in this table throws. CLOSED and FAILED are final. */
    private final StateMachine<State> state = new StateMachine<>(State.NEW, Map.of(
            State.NEW, EnumSet.of(State.STARTING,      // start()
                                  State.CLOSED),       // close() before start()
            State.STARTING, EnumSet.of(State.RUNNING,  // every component started
                                       State.FAILED),  // a start failed, or close() during start()
            State.RUNNING, EnumSet.of(State.STOPPING), // close()
            State.STOPPING, EnumSet.of(State.CLOSED)));  // the graceful shutdown finished
    private final CountDownLatch startDone = new CountDownLatch(1);
    private final CountDownLatch terminated = new CountDownLatch(1);
    /** Crashes signalled by components that had started while the application was still starting. */
    private final Map<ComponentRuntime, Throwable> startCrashes = Collections.synchronizedMap(new LinkedHashMap<>());

    /** Readiness is DOWN from the moment this is set (shutdown began or was requested). */
    private volatile boolean closing;
    private volatile boolean closeRequested;
    private volatile boolean startSucceeded;

    final Scheduler scheduler;
    private final SystemScheduler ownScheduler;
    private volatile ExecutorService workers;
    private volatile Supervisor supervisor;
    private volatile ProbeHttpServer probes;
    private volatile JvmSignals jvmSignals;
    private final ShutdownSequence shutdownSequence;

    /**
     * Validates the graph and prepares the components; starts nothing and creates no thread.
     *
     * @param settings what the builder collected
     * @throws dev.foundation.lifecycle.LifecycleGraphException if the graph is invalid
     */
    public DefaultLifecycle(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        List<ComponentDefinition> ordered = Graph.validateAndOrder(settings.components());
        List<ComponentRuntime> list = new ArrayList<>(ordered.size());
        for (ComponentDefinition d : ordered) {
            ComponentRuntime rt = new ComponentRuntime(d, list.size());
            list.add(rt);
            byName.put(d.name(), rt);
        }
        for (ComponentRuntime rt : list) {
            for (String dep : rt.def.dependencies()) {
                ComponentRuntime d = byName.get(dep);
                rt.dependencies.add(d);
                d.dependents.add(rt);
            }
        }
        this.runtimes = List.copyOf(list);
        this.shutdownSequence = new ShutdownSequence(settings);
        this.listeners = new CopyOnWriteArrayList<>(settings.listeners());
        this.metrics = new LifecycleMetrics(settings.meterRegistry());
        this.ownScheduler = settings.scheduler() == null ? new SystemScheduler(instance) : null;
        this.scheduler = settings.scheduler() != null ? settings.scheduler() : ownScheduler;
        for (ComponentRuntime rt : runtimes) {
            metrics.register(rt, () -> monitor.statusOf(rt));
        }
        metrics.registerAggregate(monitor::aggregate);
    }

    // ------------------------------------------------------------------------------------------ start

    @Override
    public void start() {
        if (!state.move(State.NEW, State.STARTING)) {
            throw new IllegalStateException("start() may be called only once, but this lifecycle is already "
                    + state.get() + "; build a new one with Lifecycle.builder()");
        }
        try {
            doStart();
        } finally {
            startDone.countDown();
        }
    }

    private void doStart() {
        long t0 = System.nanoTime();
        LOG.info("starting {} components", runtimes.size());
        if (LOG.isDebugEnabled()) {
            LOG.debug("start order: {}", components());
        }
        workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                new Threads(instance, "worker", true));
        supervisor = new Supervisor(this, settings.supervision(), instance);
        if (settings.jvmShutdownHook()) {
            jvmSignals = JvmSignals.install(instance, settings.sigtermExitsZero(), this::close);
        }
        if (settings.probes() != null) {
            try {
                probes = ProbeHttpServer.start(settings.probes(), instance, this::live, this::ready,
                        () -> startSucceeded, this::health);
            } catch (IOException | RuntimeException e) {
                Map<String, Throwable> failures = Map.of("probes", new LifecycleException("cannot serve probes on "
                        + settings.probes().host() + ":" + settings.probes().port() + ": " + Errors.describe(e), e));
                failStart(failures, List.of());
            }
        }
        GraphRun.Result r = startAll(runtimes, () -> closeRequested || !startCrashes.isEmpty());
        Map<String, Throwable> failures = new LinkedHashMap<>();
        if (closeRequested) {
            failures.put("lifecycle", new LifecycleException("close() was called while starting", null));
        }
        r.failures.forEach((c, t) -> failures.put(c.name, t));
        synchronized (startCrashes) {
            startCrashes.forEach((c, t) -> failures.putIfAbsent(c.name, t));
        }
        if (failures.isEmpty() && r.notRun.isEmpty() && !closeRequested && state.move(State.STARTING, State.RUNNING)) {
            startSucceeded = true;
            for (ComponentRuntime rt : runtimes) {
                monitor.schedule(rt, rt.generation.get(), rt.def.healthInterval());
            }
            LOG.info("started {} components in {} ms", runtimes.size(), millis(since(t0)));
            return;
        }
        if (failures.isEmpty()) {
            // the start finished, but close() came in just before it could be declared RUNNING
            failures.put("lifecycle", new LifecycleException("close() was called while starting", null));
        }
        failStart(failures, r.succeeded);
    }

    private void failStart(Map<String, Throwable> failures, Collection<ComponentRuntime> started) {
        closing = true;
        List<ComponentRuntime> toStop = new ArrayList<>(started);
        boolean interrupted = false;
        if (closeRequested) {
            // a shutdown (SIGTERM, close()) arrived during start: it gets its hooks like any other shutdown
            LOG.info("close() during start: running the shutdown hooks before stopping the {} started components", toStop.size());
            interrupted = shutdownSequence.runHooks(workers, System.nanoTime() + settings.shutdownBudget().toNanos());
        }
        LOG.warn("start failed ({}); stopping the {} started components in reverse order", summary(failures), toStop.size());
        GraphRun.Result stop = stopAll(toStop);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!state.move(State.STARTING, State.FAILED)) {
            LOG.error("internal: the failed start found the lifecycle {} instead of STARTING", state.get());
        }
        releaseResources();
        terminated.countDown();
        StringBuilder message = new StringBuilder("start failed: ").append(summary(failures))
                .append(". The ").append(toStop.size()).append(" components that had started were stopped in reverse order");
        if (!stop.failures.isEmpty()) {
            message.append(" (stopping ").append(names(stop.failures.keySet())).append(" failed too)");
        }
        LifecycleStartException ex = new LifecycleStartException(message.toString(), failures);
        stop.failures.forEach((c, t) -> ex.addSuppressed(
                new LifecycleException("while rolling back the start, stop of '" + c.name + "' failed: " + Errors.describe(t), t)));
        throw ex;
    }

    private static String summary(Map<String, Throwable> failures) {
        StringBuilder sb = new StringBuilder();
        failures.forEach((name, t) -> {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append('\'').append(name).append("' failed: ").append(Errors.describe(t));
        });
        return sb.toString();
    }

    GraphRun.Result startAll(Collection<ComponentRuntime> set, BooleanSupplier abort) {
        return GraphRun.run("start", set, false, workers, settings.parallelism(), c -> c.def.startTimeout(), Long.MAX_VALUE,
                abort, true, this::startStep, this::startTimedOut);
    }

    GraphRun.Result stopAll(Collection<ComponentRuntime> set) {
        return stopAll(set, Long.MAX_VALUE);
    }

    GraphRun.Result stopAll(Collection<ComponentRuntime> set, long deadline) {
        return GraphRun.run("stop", set, true, workers, settings.parallelism(), c -> c.def.stopTimeout(), deadline,
                () -> false, false, this::stopStep, this::stopTimedOut);
    }

    private void startStep(ComponentRuntime rt, Attempt attempt) throws Exception {
        int gen;
        synchronized (rt.stageLock) {
            if (attempt.isAbandoned()) {
                return;
            }
            gen = rt.generation.incrementAndGet();
            rt.pendingCrash = null;
            synchronized (rt.healthLock) {
                rt.health = ComponentRuntime.HealthState.INITIAL;
            }
            transition(rt, Stage.STARTING, null);
        }
        tell(rt);
        long t0 = System.nanoTime();
        Throwable failure = null;
        try {
            rt.def.component().start(new Context(rt, gen));
        } catch (Throwable t) {
            failure = t;
        }
        Duration took = since(t0);
        boolean crashedWhileStarting = false;
        if (failure == null && rt.pendingCrash != null) {
            failure = rt.pendingCrash;
            crashedWhileStarting = true;
        }
        if (!attempt.finish()) {
            if (failure == null || crashedWhileStarting) {
                LOG.warn("start of '{}' returned after its timeout; stopping it", rt.name);
                callStopQuietly(rt);
            }
            return;
        }
        if (failure != null) {
            if (crashedWhileStarting) {
                callStopQuietly(rt);
            }
            rt.lastError = Errors.describe(failure);
            metrics.started(rt, took, "failure");
            LOG.warn("start of '{}' failed: {}", rt.name, Errors.describe(failure));
            transition(rt, Stage.FAILED, failure);
            throw failure instanceof Exception e ? e : new LifecycleException("start of '" + rt.name + "' failed", failure);
        }
        rt.startDuration = took;
        metrics.started(rt, took, "success");
        transition(rt, Stage.RUNNING, null);
    }

    private void startTimedOut(ComponentRuntime rt, LifecycleException e, Duration allowed) {
        rt.lastError = Errors.describe(e);
        metrics.started(rt, allowed, e instanceof ComponentTimeoutException ? "timeout" : "aborted");
        LOG.warn("{}; interrupting it", e.getMessage());
        transition(rt, Stage.FAILED, e);
    }

    private void stopStep(ComponentRuntime rt, Attempt attempt) throws Exception {
        boolean cleanup;
        synchronized (rt.stageLock) {
            if (attempt.isAbandoned()) {
                return;
            }
            // a FAILED or STOPPED component is only asked to release what it holds: no stage change
            cleanup = rt.stage == Stage.FAILED || rt.stage == Stage.STOPPED;
            rt.generation.incrementAndGet();
            if (!cleanup) {
                transition(rt, Stage.STOPPING, null);
            }
        }
        tell(rt);
        monitor.cancel(rt);
        long t0 = System.nanoTime();
        Throwable failure = null;
        try {
            rt.def.component().stop();
        } catch (Throwable t) {
            failure = t;
        }
        Duration took = since(t0);
        if (!attempt.finish()) {
            return;
        }
        if (failure != null) {
            rt.lastError = Errors.describe(failure);
            metrics.stopped(rt, took, "failure");
            LOG.warn("stop of '{}' failed: {}", rt.name, Errors.describe(failure), failure);
            if (!cleanup) {
                transition(rt, Stage.FAILED, failure);
            }
            throw failure instanceof Exception e ? e : new LifecycleException("stop of '" + rt.name + "' failed", failure);
        }
        rt.stopDuration = took;
        metrics.stopped(rt, took, "success");
        if (!cleanup) {
            transition(rt, Stage.STOPPED, null);
        }
    }

    private void stopTimedOut(ComponentRuntime rt, LifecycleException e, Duration allowed) {
        rt.lastError = Errors.describe(e);
        metrics.stopped(rt, allowed, "timeout");
        LOG.warn("{}; interrupting it and going on", e.getMessage());
        synchronized (rt.stageLock) {
            // STOPPING: its stop() hangs; still up: the shutdown budget was spent before its stop() could begin
            if (rt.stage == Stage.STOPPING || rt.stage.isUp()) {
                transition(rt, Stage.FAILED, e);
            }
        }
        tell(rt);
    }

    /** Calls stop() directly (after a crash or an abandoned start), bounded by nothing but logging failures. */
    private void callStopQuietly(ComponentRuntime rt) {
        try {
            rt.def.component().stop();
        } catch (Exception e) {
            LOG.warn("stop of '{}' failed: {}", rt.name, Errors.describe(e));
        }
    }

    /** Asks a crashed component to release what it holds, bounded by its stop timeout. */
    void cleanUp(ComponentRuntime rt) {
        stopAll(List.of(rt));
    }

    // ------------------------------------------------------------------------------------------ stages

    /**
     * Changes the stage and queues the transition for the listeners under the stage lock, then tells them unless
     * the caller holds the stage lock: every block that holds it while changing the stage calls {@link #tell}
     * after releasing it.
     */
    private void transition(ComponentRuntime rt, Stage to, Throwable cause) {
        synchronized (rt.stageLock) {
            Stage from = rt.stage;
            if (from == to) {
                return;
            }
            rt.stage = to;
            Transition t = new Transition(rt.name, from, to, cause, scheduler.now());
            LOG.debug("{}", t);
            rt.untold.add(t);
        }
        if (!Thread.holdsLock(rt.stageLock)) {
            tell(rt);
        }
    }

    /**
     * Tells the listeners about the component's queued transitions, in order, without the stage lock, unless
     * another thread is telling them (it then tells these too, after its current one). The re-check after
     * unlocking picks up a transition queued by a thread whose {@code tryLock} failed just before the unlock.
     */
    private void tell(ComponentRuntime rt) {
        if (rt.tellLock.isHeldByCurrentThread()) {
            return; // a listener made this change: the loop below tells it after the current one
        }
        while (!rt.untold.isEmpty() && rt.tellLock.tryLock()) {
            try {
                Transition t;
                while ((t = rt.untold.poll()) != null) {
                    for (TransitionListener l : listeners) {
                        try {
                            l.onTransition(t);
                        } catch (RuntimeException e) {
                            LOG.warn("transition listener {} failed on {}: {}", l, t, Errors.describe(e), e);
                        }
                    }
                }
            } finally {
                rt.tellLock.unlock();
            }
        }
    }

    void transitionIf(ComponentRuntime rt, Stage from, Stage to, Throwable cause) {
        synchronized (rt.stageLock) {
            if (rt.stage == from) {
                transition(rt, to, cause);
            }
        }
        tell(rt);
    }

    /** Marks a crashed (or normally exited) component down; signals of its current start become stale. */
    void markDown(ComponentRuntime rt, Stage stage, Throwable cause) {
        synchronized (rt.stageLock) {
            rt.generation.incrementAndGet();
            if (cause != null) {
                rt.lastError = Errors.describe(cause);
            }
            transition(rt, stage, cause);
        }
        tell(rt);
        monitor.cancel(rt);
    }

    @Override
    public void addListener(TransitionListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (state.get() != State.NEW) {
            throw new IllegalStateException("listeners can only be added before start(), but this lifecycle is " + state.get());
        }
        listeners.add(listener);
    }

    // ------------------------------------------------------------------------------------------ crashes

    private final class Context implements ComponentContext {
        private final ComponentRuntime rt;
        private final int generation;

        Context(ComponentRuntime rt, int generation) {
            this.rt = rt;
            this.generation = generation;
        }

        @Override
        public String name() {
            return rt.name;
        }

        @Override
        public void crashed(Throwable cause) {
            onSignal(rt, generation, Objects.requireNonNull(cause, "cause"), true);
        }

        @Override
        public void exited() {
            onSignal(rt, generation, null, false);
        }
    }

    void onSignal(ComponentRuntime rt, int gen, Throwable cause, boolean abnormal) {
        if (rt.generation.get() != gen) {
            LOG.debug("ignoring a signal from an earlier start of '{}'", rt.name);
            return;
        }
        if (rt.stage == Stage.STARTING) {
            if (abnormal) {
                rt.pendingCrash = cause;
            }
            return;
        }
        State s = state.get();
        if (s == State.STARTING) {
            if (abnormal && rt.stage.isUp()) {
                LOG.warn("'{}' crashed while the application was starting: {}", rt.name, Errors.describe(cause));
                startCrashes.put(rt, cause);
                markDown(rt, Stage.FAILED, cause);
            }
        } else if (s == State.RUNNING && !closing) {
            supervisor.crashed(rt, gen, cause, abnormal);
        } else {
            LOG.info("ignoring {} of '{}': the lifecycle is {}", abnormal ? "a crash" : "the exit", rt.name, s);
        }
    }


    private boolean ready() {
        if (state.get() != State.RUNNING || closing) {
            return false;
        }
        for (ComponentRuntime rt : runtimes) {
            if (rt.def.critical() && monitor.statusOf(rt) == HealthStatus.UNHEALTHY) {
                return false;
            }
        }
        return true;
    }

    private boolean live() {
        return !monitor.isEscalated() && state.get() != State.FAILED;
    }

    @Override
    public HealthReport health() {
        List<ComponentHealth> lines = new ArrayList<>(runtimes.size());
        for (ComponentRuntime rt : runtimes) {
            ComponentRuntime.HealthState h = rt.health;
            lines.add(new ComponentHealth(rt.name, rt.stage, monitor.statusOf(rt), rt.def.critical(), rt.def.dependencies(),
                    h.detail(), rt.lastError, h.lastCheck(), h.consecutiveFailures(), rt.restarts.get(),
                    rt.startDuration, rt.stopDuration));
        }
        return new HealthReport(monitor.aggregate(), live(), ready(), startSucceeded, closing, lines);
    }

    @Override
    public Stage stage(String component) {
        ComponentRuntime rt = byName.get(Objects.requireNonNull(component, "component"));
        if (rt == null) {
            throw new IllegalArgumentException("component must be one of " + byName.keySet() + " but was '" + component + "'");
        }
        return rt.stage;
    }

    @Override
    public List<String> components() {
        List<String> names = new ArrayList<>(runtimes.size());
        for (ComponentRuntime rt : runtimes) {
            names.add(rt.name);
        }
        return names;
    }

    @Override
    public Optional<InetSocketAddress> probeAddress() {
        ProbeHttpServer p = probes;
        return p == null ? Optional.empty() : Optional.of(p.address());
    }

    List<ComponentRuntime> runtimes() {
        return runtimes;
    }

    ExecutorService workers() {
        return workers;
    }

    boolean isClosing() {
        return closing;
    }

    // ------------------------------------------------------------------------------------------ shutdown

    @Override
    public void close() {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                State s = state.get();
                switch (s) {
                    case NEW -> {
                        if (state.move(State.NEW, State.CLOSED)) {
                            closing = true;
                            if (ownScheduler != null) {
                                ownScheduler.close();
                            }
                            terminated.countDown();
                            return;
                        }
                    }
                    case STARTING -> {
                        closeRequested = true;
                        closing = true;
                        interrupted |= awaitUninterruptibly(startDone);
                    }
                    case RUNNING -> {
                        if (state.move(State.RUNNING, State.STOPPING)) {
                            interrupted |= shutdown();
                            return;
                        }
                    }
                    case STOPPING -> {
                        interrupted |= awaitUninterruptibly(terminated);
                        return;
                    }
                    default -> {
                        return;
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The graceful shutdown; returns whether the calling thread was interrupted meanwhile. */
    private boolean shutdown() {
        closing = true;
        boolean interrupted = shutdownSequence.run(this, supervisor);
        if (!state.move(State.STOPPING, State.CLOSED)) {
            LOG.error("internal: the shutdown found the lifecycle {} instead of STOPPING", state.get());
        }
        releaseResources();
        terminated.countDown();
        return interrupted;
    }

    private void releaseResources() {
        JvmSignals j = jvmSignals;
        if (j != null) {
            j.remove();
        }
        ProbeHttpServer p = probes;
        if (p != null) {
            p.stop();
            probes = null;
        }
        if (supervisor != null) {
            supervisor.shutdownNow();
        }
        ExecutorService w = workers;
        if (w != null) {
            w.shutdownNow();
        }
        if (ownScheduler != null) {
            ownScheduler.close();
        }
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            if (w != null) {
                w.awaitTermination(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            if (ownScheduler != null) {
                ownScheduler.awaitTermination(Math.max(0, until - System.nanoTime()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private static long millis(Duration d) {
        return d.toMillis();
    }

    static String names(Collection<ComponentRuntime> components) {
        List<String> names = new ArrayList<>();
        for (ComponentRuntime c : components) {
            names.add(c.name);
        }
        return names.toString();
    }

    @Override
    public String toString() {
        return "Lifecycle#" + instance + "[" + state.get() + ", components=" + components() + "]";
    }
}
