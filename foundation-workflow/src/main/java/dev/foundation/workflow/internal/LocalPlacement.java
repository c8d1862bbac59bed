package dev.foundation.workflow.internal;

import dev.foundation.workflow.spi.Checkpoint;
import dev.foundation.workflow.spi.NewInstance;
import dev.foundation.workflow.spi.StoredInstance;
import dev.foundation.workflow.spi.WorkflowStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One engine runs every instance of its store: nothing is fenced, a failed write reloads the instance. */
final class LocalPlacement implements Placement {

    private final RunRegistry engine;
    private final WorkflowStore store;

    LocalPlacement(RunRegistry engine, WorkflowStore store) {
        this.engine = engine;
        this.store = store;
    }

    @Override
    public void open() {
        engine.resumeUnfinished();
    }

    @Override
    public boolean runsNewInstancesHere() {
        return true;
    }

    @Override
    public long initialEpoch() {
        return 0;
    }

    @Override
    public CompletableFuture<StoredInstance> create(NewInstance instance, List<Checkpoint> first, boolean runHere) {
        return store.createInstance(instance, first);
    }

    @Override
    public boolean adopt(InstanceRun<?> run) {
        return engine.putRunIfAbsent(run);
    }

    @Override
    public CompletableFuture<Void> write(String instanceId, long epoch, List<Checkpoint> changes) {
        return store.checkpoint(changes);
    }

    @Override
    public void writeFailed(InstanceRun<?> run, Throwable cause) {
        engine.reload(run, cause);
    }

    @Override
    public void abandoned(InstanceRun<?> run, Throwable error) {
        engine.reload(run, error);
    }

    @Override
    public boolean mayStart(InstanceRun<?> run) {
        return true;
    }

    @Override
    public void afterCommit(InstanceRun<?> run) {
        // an idle run stays in memory: its timers fire here
    }

    @Override
    public void ended(InstanceRun<?> run) {
        // nothing held
    }

    @Override
    public void stop() {
        // no thread of its own
    }

    @Override
    public void closed(Map<String, Long> held) {
        // the next engine on this store resumes them
    }

    @Override
    public String toString() {
        return "local";
    }
}
