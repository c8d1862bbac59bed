package dev.foundation.workflow.internal;

import dev.foundation.workflow.spi.StoredInstance;
import java.time.Instant;
import java.util.Map;

/**
 * The engine's runs as the placements and the lease keeper see them: which instances run here, registering and
 * dropping runs, resuming instances. {@link Engine} implements it; {@link LocalPlacement},
 * {@link ClusterPlacement} and {@link Ownership} depend on this interface only.
 */
interface RunRegistry {

    /** The engine's clock, now. */
    Instant now();

    /** The engine's meters. */
    EngineMetrics metrics();

    /** Whether the engine is closed (or closing). */
    boolean isClosed();

    /** How many instances run here now. */
    int inFlight();

    /** The epochs of the instances run here now. */
    Map<String, Long> ownedEpochs();

    /** The run of an instance, or {@code null}. */
    InstanceRun<?> run(String id);

    /** Registers a run, replacing (and returning) one of the same instance. */
    InstanceRun<?> putRun(InstanceRun<?> run);

    /** Registers a run unless its instance has one; whether it was registered. */
    boolean putRunIfAbsent(InstanceRun<?> run);

    /** Unregisters a run if it is still its instance's. */
    void removeRun(InstanceRun<?> run);

    /** Resumes every unfinished instance of the store (one engine on its store). */
    void resumeUnfinished();

    /** Runs an instance claimed under {@code epoch}. */
    void resumeOwned(StoredInstance si, long epoch);

    /** Drops a run whose write failed and reloads its instance from the store a moment later. */
    void reload(InstanceRun<?> run, Throwable error);
}
