package dev.foundation.workflow.internal;

import dev.foundation.workflow.InstanceInfo;
import dev.foundation.workflow.spi.Checkpoint;
import dev.foundation.workflow.spi.WorkflowStore;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What an {@link InstanceRun} needs from the engine that runs it: time, timers, threads, the store, and where
 * its writes and lifecycle events go. {@link Engine} implements it; a run depends on this interface only.
 */
interface RunHost {

    /** The engine's clock, now. */
    Instant now();

    /** The durable timers. */
    Timers timers();

    /** The timer thread (attempt timeouts). */
    ScheduledExecutorService scheduler();

    /** The retry plans of the engine's definitions. */
    RetryPlans retries();

    /** The engine's meters. */
    EngineMetrics metrics();

    /** The store (reads). */
    WorkflowStore store();

    /** Runs an attempt on a step thread. */
    void execute(InstanceRun<?> run, InstanceRun.Attempt attempt);

    /** Writes a run's checkpoints; completes with whether they were committed. */
    CompletableFuture<Boolean> write(InstanceRun<?> run, List<Checkpoint> writes, List<Runnable> after);

    /** Whether an attempt of {@code run} may start now. */
    boolean mayStart(InstanceRun<?> run);

    /** Recording an attempt's result failed: the run is given up (reloaded or released). */
    void abandon(InstanceRun<?> run, Throwable error);

    /** A run's checkpoints were committed: its post-commit actions run. */
    void afterCommit(InstanceRun<?> run, List<Runnable> after);

    /** A run's instance ended. */
    void ended(InstanceRun<?> run, InstanceInfo info);
}
