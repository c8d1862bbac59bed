package dev.foundation.lifecycle.internal;

import dev.foundation.lifecycle.ComponentTimeoutException;
import dev.foundation.lifecycle.Health;
import dev.foundation.lifecycle.HealthStatus;
import dev.foundation.lifecycle.LifecycleException;
import dev.foundation.lifecycle.RestartPolicy;
import dev.foundation.lifecycle.Scheduler;
import dev.foundation.lifecycle.Stage;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each component's health checks on the lifecycle's scheduler and workers, applies the thresholds,
 * moves the component between RUNNING and DEGRADED, reports a component that turned UNHEALTHY as a crash,
 * and computes the aggregate status. Health reads take no lock: each component's state is replaced whole.
 */
final class HealthMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(dev.foundation.lifecycle.Lifecycle.class);

    private final DefaultLifecycle lifecycle;
    /** Supervision gave up on some component: the application is UNHEALTHY and not live until it closes. */
    private volatile boolean escalated;

    HealthMonitor(DefaultLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    boolean isEscalated() {
        return escalated;
    }

    void schedule(ComponentRuntime rt, int gen, Duration delay) {
        if (!rt.def.checksHealth() || lifecycle.isClosing()) {
            return;
        }
        rt.healthTask = lifecycle.scheduler.schedule(delay, () -> runCheck(rt, gen));
    }

    void cancel(ComponentRuntime rt) {
        Scheduler.Cancellable t = rt.healthTask;
        if (t != null) {
            t.cancel();
        }
    }

    private void runCheck(ComponentRuntime rt, int gen) {
        if (lifecycle.isClosing() || rt.generation.get() != gen || !rt.stage.isUp()) {
            return;
        }
        if (!rt.checkRunning.compareAndSet(false, true)) {
            recordHealth(rt, gen, timedOut(rt, " (the previous check is still running)"));
            return;
        }
        Attempt attempt = new Attempt();
        AtomicReference<Scheduler.Cancellable> timeoutTask = new AtomicReference<>();
        Future<?> future;
        try {
            future = lifecycle.workers().submit(() -> {
                Health h;
                try {
                    h = rt.def.component().health();
                    if (h == null) {
                        h = Health.unhealthy("the health check returned null");
                    }
                } catch (Throwable t) {
                    h = Health.unhealthy(t);
                } finally {
                    rt.checkRunning.set(false);
                }
                if (attempt.finish()) {
                    Scheduler.Cancellable t = timeoutTask.get();
                    if (t != null) {
                        t.cancel();
                    }
                    recordHealth(rt, gen, h);
                }
            });
        } catch (RejectedExecutionException e) {
            rt.checkRunning.set(false);
            return;
        }
        timeoutTask.set(lifecycle.scheduler.schedule(rt.def.healthTimeout(), () -> {
            if (attempt.abandon()) {
                future.cancel(true);
                recordHealth(rt, gen, timedOut(rt, ""));
            }
        }));
        if (!attempt.isRunning()) {
            timeoutTask.get().cancel(); // the check finished before its timeout was even scheduled
        }
    }

    /**
     * The result of a check that did not answer in time: DEGRADED (a slow check is not a dead component), or a
     * failure if the component asked for it with {@code healthTimeoutFails(true)}.
     */
    private static Health timedOut(ComponentRuntime rt, String why) {
        ComponentTimeoutException e = new ComponentTimeoutException("health check of '" + rt.name + "'" + why,
                rt.def.healthTimeout());
        return rt.def.healthTimeoutFails() ? Health.unhealthy(e) : Health.degraded(e.getMessage());
    }

    private void recordHealth(ComponentRuntime rt, int gen, Health h) {
        HealthStatus before;
        HealthStatus after;
        int failures;
        synchronized (rt.healthLock) {
            if (rt.generation.get() != gen || lifecycle.isClosing()) {
                return;
            }
            ComponentRuntime.HealthState s = rt.health;
            before = s.status();
            failures = s.consecutiveFailures();
            int successes = s.consecutiveSuccesses();
            HealthStatus status = before;
            if (h.status() == HealthStatus.UNHEALTHY) {
                failures++;
                successes = 0;
                if (failures >= rt.def.unhealthyThreshold()) {
                    status = HealthStatus.UNHEALTHY;
                }
            } else {
                successes++;
                failures = 0;
                if (before != HealthStatus.UNHEALTHY || successes >= rt.def.healthyThreshold()) {
                    status = h.status();
                }
            }
            if (h.status() == HealthStatus.UNHEALTHY) {
                rt.lastError = h.error() != null ? Errors.describe(h.error()) : h.detail();
            }
            rt.health = new ComponentRuntime.HealthState(status, h.detail(), lifecycle.scheduler.now(), failures, successes);
            after = status;
        }
        if (after != before) {
            LOG.info("health of '{}': {} -> {}{}", rt.name, before, after, h.detail() == null ? "" : " (" + h.detail() + ")");
        }
        Throwable cause = after == HealthStatus.UNHEALTHY ? unhealthyCause(rt, h, failures) : null;
        if (after == HealthStatus.HEALTHY) {
            lifecycle.transitionIf(rt, Stage.DEGRADED, Stage.RUNNING, null);
        } else {
            lifecycle.transitionIf(rt, Stage.RUNNING, Stage.DEGRADED, cause);
        }
        if (after == HealthStatus.UNHEALTHY && before != HealthStatus.UNHEALTHY && rt.def.restart() != RestartPolicy.TEMPORARY) {
            lifecycle.onSignal(rt, gen, cause, true);
            return;
        }
        schedule(rt, gen, rt.def.healthInterval());
    }

    private static Throwable unhealthyCause(ComponentRuntime rt, Health h, int failures) {
        return new LifecycleException("'" + rt.name + "' was UNHEALTHY in " + failures + " consecutive health checks"
                + (h.detail() == null ? "" : ": " + h.detail()), h.error());
    }

    HealthStatus statusOf(ComponentRuntime rt) {
        return rt.stage.isUp() ? rt.health.status() : HealthStatus.UNHEALTHY;
    }

    HealthStatus aggregate() {
        if (escalated) {
            return HealthStatus.UNHEALTHY;
        }
        HealthStatus result = HealthStatus.HEALTHY;
        for (ComponentRuntime rt : lifecycle.runtimes()) {
            HealthStatus s = statusOf(rt);
            if (s == HealthStatus.UNHEALTHY && rt.def.critical()) {
                return HealthStatus.UNHEALTHY;
            }
            if (s != HealthStatus.HEALTHY) {
                result = HealthStatus.DEGRADED;
            }
        }
        return result;
    }


    /** Supervision gave up on {@code rt}: health says so, with the reason, until the lifecycle closes. */
    void escalate(ComponentRuntime rt, String reason) {
        synchronized (rt.healthLock) {
            ComponentRuntime.HealthState s = rt.health;
            rt.health = new ComponentRuntime.HealthState(HealthStatus.UNHEALTHY, reason, lifecycle.scheduler.now(),
                    s.consecutiveFailures(), 0);
            rt.lastError = reason;
        }
        escalated = true;
    }
}
