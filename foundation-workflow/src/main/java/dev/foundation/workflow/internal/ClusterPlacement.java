package dev.foundation.workflow.internal;

import dev.foundation.workflow.ClusterOptions;
import dev.foundation.workflow.WorkflowOwnershipException;
import dev.foundation.workflow.spi.Checkpoint;
import dev.foundation.workflow.spi.LeasedStore;
import dev.foundation.workflow.spi.NewInstance;
import dev.foundation.workflow.spi.StoredInstance;
import dev.foundation.workflow.spi.WorkflowStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode: nodes share a {@link LeasedStore}; this node runs the instances it holds a lease on (claimed, or
 * created owned while it has capacity), writes every checkpoint fenced by the lease's epoch, and stops running an
 * instance the moment it cannot be sure to hold it. The lease keeping itself is {@link Ownership}'s.
 */
final class ClusterPlacement implements Placement {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterPlacement.class);

    private final RunRegistry engine;
    private final LeasedStore store;
    private final ClusterOptions options;
    private final Ownership ownership;

    private ClusterPlacement(RunRegistry engine, LeasedStore store, ClusterOptions options) {
        this.engine = engine;
        this.store = store;
        this.options = options;
        this.ownership = new Ownership(engine, this::lost, store, options);
    }

    /** Cluster mode on {@code store}, which must be a {@link LeasedStore}. */
    static ClusterPlacement of(RunRegistry engine, WorkflowStore store, ClusterOptions options) {
        if (!(store instanceof LeasedStore l)) {
            throw new IllegalArgumentException("cluster mode needs a store that nodes share with leases"
                    + " (PostgresWorkflowStores.postgres(...) from foundation-workflow-postgres), but the store is "
                    + store);
        }
        return new ClusterPlacement(engine, l, options);
    }

    @Override
    public void open() {
        LOG.info("workflow engine node {} joins the cluster on {} ({})", ownership.node(), store, options);
        ownership.start(); // claims runnable instances at once, then keeps polling and renewing
    }

    @Override
    public boolean runsNewInstancesHere() {
        return ownership.hasCapacity();
    }

    @Override
    public long initialEpoch() {
        return 1;
    }

    @Override
    public CompletableFuture<StoredInstance> create(NewInstance instance, List<Checkpoint> first, boolean runHere) {
        if (!runHere) {
            // stored unowned: whichever node has room claims it (woken through the signals, else by polling)
            return store.createInstance(instance, first, null, options.lease()).thenApply(o -> {
                if (o.instance().id().equals(instance.id())) {
                    ownership.announce();
                }
                return o.instance();
            });
        }
        long t0 = System.nanoTime();
        return store.createInstance(instance, first, ownership.node(), options.lease()).thenApply(o -> {
            if (o.epoch() > 0) {
                ownership.held(o.instance().id(), t0);
            }
            return o.instance();
        });
    }

    @Override
    public boolean adopt(InstanceRun<?> run) {
        // a fresh claim supersedes a run of this node under an older epoch (its lease had run out)
        InstanceRun<?> old = engine.putRun(run);
        if (old != null && old.detach("instance " + run.id + " was claimed again under epoch " + run.epoch)) {
            engine.metrics().ownershipLost("reclaimed");
        }
        return true;
    }

    @Override
    public CompletableFuture<Void> write(String instanceId, long epoch, List<Checkpoint> changes) {
        return store.checkpoint(instanceId, epoch, changes);
    }

    @Override
    public void writeFailed(InstanceRun<?> run, Throwable cause) {
        if (cause instanceof WorkflowOwnershipException) {
            engine.metrics().fencedWrite();
            LOG.warn("{}; this node stops running it", cause.getMessage());
            drop(run, "fenced", false);
        } else {
            LOG.error("instance {}: checkpoint failed; releasing it for any node to resume", run.id, cause);
            drop(run, "write-failed", true);
        }
    }

    @Override
    public void abandoned(InstanceRun<?> run, Throwable error) {
        drop(run, "write-failed", true);
    }

    /**
     * Whether this node still surely holds the instance's lease; when it does not, the instance is dropped (this
     * node stops running it).
     */
    @Override
    public boolean mayStart(InstanceRun<?> run) {
        if (ownership.holds(run.id)) {
            return true;
        }
        lost(run.id, run.epoch, "lease-expired", "its lease could not be renewed in time (seen before an attempt"
                + " started)");
        return false;
    }

    @Override
    public void afterCommit(InstanceRun<?> run) {
        Instant wake = run.parkIfIdle(engine.now().plus(options.handOffTimersBeyond()));
        if (wake != null) {
            engine.removeRun(run);
            engine.metrics().ownershipLost("parked");
            ownership.park(run.id, run.epoch, wake);
        }
    }

    @Override
    public void ended(InstanceRun<?> run) {
        ownership.forget(run.id);
    }

    @Override
    public void stop() {
        ownership.stop(); // no claim or renewal from here on
    }

    @Override
    public void closed(Map<String, Long> held) {
        ownership.releaseOnClose(held); // other nodes resume them at once, from the last checkpoint
    }

    /** Stop running an instance whose lease this node lost; {@code why} for the log. */
    void lost(String id, long epoch, String reason, String why) {
        InstanceRun<?> run = engine.run(id);
        if (run != null && run.epoch == epoch) {
            LOG.warn("instance {}: {}; this node stops running it", id, why);
            drop(run, reason, false);
        }
    }

    private void drop(InstanceRun<?> run, String reason, boolean release) {
        if (!run.detach("this node no longer holds the lease of instance " + run.id)) {
            return;
        }
        engine.removeRun(run);
        ownership.forget(run.id);
        engine.metrics().ownershipLost(reason);
        if (release && !engine.isClosed()) {
            ownership.release(Map.of(run.id, run.epoch));
        }
    }

    @Override
    public String toString() {
        return "cluster[" + options + "]";
    }
}
