package dev.foundation.lifecycle.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graceful shutdown's steps, in order and all within the shutdown budget: supervision and health checks
 * stop, the drain delay passes (readiness is already DOWN), the shutdown hooks run by priority, and the
 * components that are up stop in reverse dependency order.
 */
final class ShutdownSequence {

    private static final Logger LOG = LoggerFactory.getLogger(dev.foundation.lifecycle.Lifecycle.class);

    private final Settings settings;

    ShutdownSequence(Settings settings) {
        this.settings = settings;
    }

    /**
     * Runs the whole sequence for a lifecycle that was RUNNING and whose readiness is already DOWN.
     *
     * @return whether the calling thread was interrupted meanwhile
     */
    boolean run(DefaultLifecycle lifecycle, Supervisor supervisor) {
        long t0 = System.nanoTime();
        long deadline = t0 + settings.shutdownBudget().toNanos();
        LOG.info("shutdown: readiness DOWN; budget {} ms", settings.shutdownBudget().toMillis());
        supervisor.stop(deadline);
        for (ComponentRuntime rt : lifecycle.runtimes()) {
            lifecycle.monitor.cancel(rt);
        }
        boolean interrupted = drain(t0);
        interrupted |= runHooks(lifecycle.workers(), deadline);
        List<ComponentRuntime> up = new ArrayList<>();
        for (ComponentRuntime rt : lifecycle.runtimes()) {
            if (rt.stage.isUp()) {
                up.add(rt);
            }
        }
        LOG.info("shutdown: stopping {} components in reverse order", up.size());
        GraphRun.Result r = lifecycle.stopAll(up, deadline);
        interrupted |= Thread.interrupted();
        Duration took = DefaultLifecycle.since(t0);
        lifecycle.metrics.shutdown(took);
        if (r.failures.isEmpty()) {
            LOG.info("shutdown complete in {} ms", took.toMillis());
        } else {
            LOG.warn("shutdown complete in {} ms; {} components did not stop cleanly: {}", took.toMillis(),
                    r.failures.size(), DefaultLifecycle.names(r.failures.keySet()));
        }
        return interrupted;
    }

    /** Waits out the drain delay (bounded by the budget) from {@code t0}; an interrupt cuts it short. */
    private boolean drain(long t0) {
        long drainEnd = t0 + Math.min(settings.drainDelay().toNanos(), settings.shutdownBudget().toNanos());
        if (drainEnd - System.nanoTime() <= 0) {
            return false;
        }
        LOG.info("shutdown: draining for {} ms", settings.drainDelay().toMillis());
        long left;
        while ((left = drainEnd - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                LOG.info("shutdown: drain cut short by an interrupt");
                return true;
            }
        }
        return false;
    }

    /**
     * Runs the shutdown hooks one at a time, higher priority first (equal ones in the order added), each within
     * its timeout and all before {@code deadline}; one that throws or hangs is logged (and interrupted).
     *
     * @return whether the calling thread was interrupted meanwhile
     */
    boolean runHooks(ExecutorService workers, long deadline) {
        boolean interrupted = false;
        List<HookDefinition> hooks = new ArrayList<>(settings.hooks());
        hooks.sort(Comparator.comparingInt(HookDefinition::priority).reversed().thenComparingInt(HookDefinition::index));
        for (HookDefinition hook : hooks) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                LOG.warn("shutdown hook '{}' skipped: the shutdown budget is spent", hook.name());
                continue;
            }
            long allowed = Math.min(hook.timeout().toNanos(), remaining);
            LOG.info("shutdown hook '{}' (priority {})", hook.name(), hook.priority());
            Future<?> f;
            try {
                f = workers.submit(() -> {
                    hook.action().run();
                    return null;
                });
            } catch (RejectedExecutionException e) {
                LOG.warn("shutdown hook '{}' could not run: {}", hook.name(), Errors.describe(e));
                continue;
            }
            while (true) {
                try {
                    f.get(allowed, TimeUnit.NANOSECONDS);
                    break;
                } catch (TimeoutException e) {
                    f.cancel(true);
                    LOG.warn("shutdown hook '{}' did not finish within {} ms; interrupted it and going on", hook.name(),
                            TimeUnit.NANOSECONDS.toMillis(allowed));
                    break;
                } catch (ExecutionException e) {
                    LOG.warn("shutdown hook '{}' failed: {}; going on", hook.name(), Errors.describe(e.getCause()), e.getCause());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    allowed = Math.max(0, Math.min(allowed, deadline - System.nanoTime()));
                }
            }
        }
        return interrupted;
    }
}
