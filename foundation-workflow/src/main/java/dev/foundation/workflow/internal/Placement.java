package dev.foundation.workflow.internal;

import dev.foundation.workflow.spi.Checkpoint;
import dev.foundation.workflow.spi.NewInstance;
import dev.foundation.workflow.spi.StoredInstance;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where instances run, the one seam between the engine core and cluster mode: {@link LocalPlacement} (one engine
 * runs everything in its store) or {@link ClusterPlacement} (nodes share a {@link dev.foundation.workflow.spi.LeasedStore}
 * under leases). The engine calls these at each point where the two differ and has no cluster-mode branch of its
 * own.
 */
interface Placement {

    /** Starts running what the store holds: resumes every unfinished instance, or starts claiming. */
    void open();

    /** Whether a new instance is run by this engine (else it is stored for another node to claim). */
    boolean runsNewInstancesHere();

    /** The epoch a new instance run here is written under ({@code 0}: unfenced). */
    long initialEpoch();

    /**
     * Stores a new instance (insert-or-get on its key) with its first checkpoints; run here or left for others
     * as {@link #runsNewInstancesHere()} said.
     */
    CompletableFuture<StoredInstance> create(NewInstance instance, List<Checkpoint> first, boolean runHere);

    /** Registers a run resumed (or claimed) under its epoch; {@code false} if it must not run. */
    boolean adopt(InstanceRun<?> run);

    /** Writes a run's checkpoints (fenced by {@code epoch} where the placement fences). */
    CompletableFuture<Void> write(String instanceId, long epoch, List<Checkpoint> changes);

    /** A write of {@code run} failed with {@code cause}: reload it, or stop running it. */
    void writeFailed(InstanceRun<?> run, Throwable cause);

    /** Recording an attempt's result failed ({@code error}): reload the run, or release it. */
    void abandoned(InstanceRun<?> run, Throwable error);

    /** Whether an attempt of {@code run} may start now (it may have stopped running here). */
    boolean mayStart(InstanceRun<?> run);

    /** After a commit of {@code run} and its post-commit actions (an idle run may be handed back). */
    void afterCommit(InstanceRun<?> run);

    /** {@code run}'s instance ended. */
    void ended(InstanceRun<?> run);

    /** The engine is closing: stop claiming, renewing and listening. */
    void stop();

    /** The engine's threads have stopped; {@code held} are the epochs of the instances it was running. */
    void closed(Map<String, Long> held);
}
