package dev.foundation.lifecycle.internal;

import dev.foundation.lifecycle.Scheduler;
import dev.foundation.lifecycle.Stage;
import dev.foundation.lifecycle.Supervision;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reacts to crashes with OTP semantics. All decisions and restarts run on one supervisor thread, one at a
 * time; the waits between restarts are scheduled on the lifecycle's {@link Scheduler}.
 */
final class Supervisor {

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    private final DefaultLifecycle lifecycle;
    private final Supervision config;
    private final int instance;
    private final ExecutorService executor;
    private final Set<Scheduler.Cancellable> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    Supervisor(DefaultLifecycle lifecycle, Supervision config, int instance) {
        this.lifecycle = lifecycle;
        this.config = config;
        this.instance = instance;
        ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new Threads(instance, "supervisor", false));
        e.allowCoreThreadTimeOut(true);
        this.executor = e;
    }

    /** A component crashed ({@code abnormal}) or exited normally; decides on the supervisor thread. */
    void crashed(ComponentRuntime rt, int generation, Throwable cause, boolean abnormal) {
        submit(() -> handle(rt, generation, cause, abnormal, null));
    }

    private void submit(Runnable task) {
        if (stopped) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.error("supervisor task failed: {}", Errors.describe(e), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("supervisor stopped; dropping a task");
        }
    }

    /**
     * @param carried the set whose restart just failed at {@code rt} (the component is already FAILED and
     *                the rest of the set stopped), or {@code null} for a fresh crash signal
     */
    private void handle(ComponentRuntime rt, int generation, Throwable cause, boolean abnormal, Set<ComponentRuntime> carried) {
        if (stopped || lifecycle.isClosing()) {
            return;
        }
        if (carried == null) {
            if (rt.generation.get() != generation || !rt.stage.isUp()) {
                LOG.debug("ignoring a stale signal from '{}'", rt.name);
                return;
            }
            if (abnormal) {
                LOG.warn("'{}' crashed: {}", rt.name, Errors.describe(cause));
            } else {
                LOG.info("'{}' exited normally", rt.name);
            }
            lifecycle.markDown(rt, abnormal ? Stage.FAILED : Stage.STOPPED, cause);
            lifecycle.cleanUp(rt);
        }
        boolean restart = switch (rt.def.restart()) {
            case PERMANENT -> true;
            case TRANSIENT -> abnormal;
            case TEMPORARY -> false;
        };
        if (!restart) {
            LOG.info("'{}' is not restarted ({} restart policy); it stays {}", rt.name, rt.def.restart(), rt.stage);
            return;
        }
        long now = lifecycle.scheduler.nanoTime();
        Deque<Long> times = rt.restartTimes;
        long period = config.period().toNanos();
        while (!times.isEmpty() && now - times.peekFirst() >= period) {
            times.pollFirst();
        }
        if (times.size() >= config.maxRestarts()) {
            escalate(rt, cause, abnormal);
            return;
        }
        times.addLast(now);
        int attempt = times.size();
        Set<ComponentRuntime> set = carried != null ? carried : restartSet(rt);
        List<ComponentRuntime> others = new ArrayList<>();
        for (ComponentRuntime c : set) {
            if (c != rt && c.stage.isUp()) {
                others.add(c);
            }
        }
        if (!others.isEmpty()) {
            LOG.info("{} strategy: stopping {} to restart them with '{}'", config.strategy(), DefaultLifecycle.names(others), rt.name);
            lifecycle.stopAll(others);
        }
        Duration delay = config.backoff().delay(attempt);
        LOG.info("restarting {} in {} ms (restart {} of at most {} within {})", DefaultLifecycle.names(set),
                delay.toMillis(), attempt, config.maxRestarts(), config.period());
        AtomicReference<Scheduler.Cancellable> self = new AtomicReference<>();
        Scheduler.Cancellable c = lifecycle.scheduler.schedule(delay, () -> {
            Scheduler.Cancellable me = self.get();
            if (me != null) {
                pending.remove(me);
            }
            submit(() -> restart(set));
        });
        self.set(c);
        pending.add(c);
    }

    private void restart(Set<ComponentRuntime> set) {
        if (stopped || lifecycle.isClosing()) {
            return;
        }
        for (ComponentRuntime c : set) {
            c.restarts.incrementAndGet();
            lifecycle.metrics.restarted(c);
        }
        GraphRun.Result r = lifecycle.startAll(set, () -> stopped);
        if (r.ok()) {
            LOG.info("restarted {}", DefaultLifecycle.names(set));
            for (ComponentRuntime c : set) {
                lifecycle.monitor.schedule(c, c.generation.get(), c.def.healthInterval());
            }
            return;
        }
        if (stopped || r.failures.isEmpty()) {
            return; // shutting down: the shutdown stops whatever is up
        }
        lifecycle.stopAll(r.succeeded);
        Map.Entry<ComponentRuntime, Throwable> first = r.failures.entrySet().iterator().next();
        LOG.warn("restart of {} failed at '{}': {}", DefaultLifecycle.names(set), first.getKey().name,
                Errors.describe(first.getValue()));
        handle(first.getKey(), -1, first.getValue(), true, set);
    }

    private void escalate(ComponentRuntime rt, Throwable cause, boolean abnormal) {
        String reason = "supervision gave up: '" + rt.name + "' went down more than " + config.maxRestarts()
                + " times within " + config.period() + "; last " + (abnormal ? "crash: " + Errors.describe(cause) : "exit: normal")
                + "; it stays " + rt.stage + " until the application restarts";
        LOG.error("{}; health is UNHEALTHY and the liveness probe fails{}", reason,
                config.stopApplicationOnEscalation() ? "; stopping the application" : "", cause);
        lifecycle.monitor.escalate(rt, reason);
        List<ComponentRuntime> dependents = new ArrayList<>();
        for (ComponentRuntime c : restartSet(rt)) {
            if (c != rt && c.stage.isUp() && config.strategy() == Supervision.Strategy.REST_FOR_ONE) {
                dependents.add(c);
            }
        }
        if (!dependents.isEmpty()) {
            LOG.error("stopping {}: they depend on '{}', which supervision gave up on", DefaultLifecycle.names(dependents), rt.name);
            lifecycle.stopAll(dependents);
        }
        if (config.stopApplicationOnEscalation()) {
            Thread t = new Thread(lifecycle::close, "foundation-lifecycle-" + instance + "-escalation");
            t.start();
        }
    }

    /** The components restarted with {@code rt}, by strategy. */
    Set<ComponentRuntime> restartSet(ComponentRuntime rt) {
        List<ComponentRuntime> chosen = new ArrayList<>();
        chosen.add(rt);
        switch (config.strategy()) {
            case ONE_FOR_ONE -> { }
            case ONE_FOR_ALL -> {
                for (ComponentRuntime c : lifecycle.runtimes()) {
                    if (c != rt && c.stage.isUp()) {
                        chosen.add(c);
                    }
                }
            }
            case REST_FOR_ONE -> {
                Deque<ComponentRuntime> toVisit = new ArrayDeque<>(rt.dependents);
                Set<ComponentRuntime> seen = new LinkedHashSet<>();
                while (!toVisit.isEmpty()) {
                    ComponentRuntime c = toVisit.poll();
                    if (seen.add(c)) {
                        toVisit.addAll(c.dependents);
                        if (c.stage.isUp()) {
                            chosen.add(c);
                        }
                    }
                }
            }
        }
        chosen.sort(Comparator.comparingInt(c -> c.order));
        return new LinkedHashSet<>(chosen);
    }

    /** Stops supervising: cancels pending restarts and waits (until {@code deadline}) for the current task. */
    void stop(long deadline) {
        stopped = true;
        for (Scheduler.Cancellable c : pending) {
            c.cancel();
        }
        pending.clear();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                LOG.warn("the supervisor's current restart did not finish within the shutdown budget");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void shutdownNow() {
        stopped = true;
        for (Scheduler.Cancellable c : pending) {
            c.cancel();
        }
        executor.shutdownNow();
    }
}
