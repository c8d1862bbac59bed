package dev.foundation.workflow.spi;

import dev.foundation.workflow.InstanceInfo;
import dev.foundation.workflow.Query;
import dev.foundation.workflow.Status;
import dev.foundation.workflow.StepAttempt;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The durable store behind a {@link dev.foundation.workflow.WorkflowEngine}.
 *
 * <p>Contract every implementation keeps:
 * <ul>
 *   <li>{@link #initialize()} creates or migrates the schema (recording its version) and is idempotent;</li>
 *   <li>a future returned by a write completes only after the change is durable (committed), and
 *       completes exceptionally with {@link dev.foundation.workflow.WorkflowStoreException} if it was not
 *       applied; implementations may batch several callers' changes into one commit (group commit), but
 *       each {@link #checkpoint(List)} call is atomic on its own: all of its changes or none;</li>
 *   <li>futures may complete on the store's own thread: callers must not block inside continuations;</li>
 *   <li>{@link #createInstance(NewInstance, List)} is atomic insert-or-get on the idempotency key;</li>
 *   <li>reads see every write whose future has completed;</li>
 *   <li>{@link #close()} is idempotent, fails pending writes and releases threads and connections.</li>
 * </ul>
 */
public interface WorkflowStore extends AutoCloseable {

    /**
     * Creates or migrates the schema. Called by the engine before anything else; safe to call twice.
     *
     * @throws dev.foundation.workflow.WorkflowStoreException if the store cannot be opened or migrated
     */
    void initialize();

    /**
     * Stores a new instance, or returns the existing one with the same idempotency key. When the instance is
     * new, {@code initial} (the start of its first steps) is applied in the same transaction; when the key
     * already exists, nothing is written.
     *
     * @param instance the instance to create
     * @param initial  checkpoints of the new instance to apply with its creation (may be empty)
     * @return the stored instance: the new one, or the existing one for that key
     */
    CompletableFuture<StoredInstance> createInstance(NewInstance instance, List<Checkpoint> initial);

    /**
     * Applies changes atomically: all of them in one transaction, or none.
     *
     * @param changes the changes, in order
     * @return completes after the commit
     */
    CompletableFuture<Void> checkpoint(List<Checkpoint> changes);

    /**
     * Records that a schedule trigger fired for a given time.
     *
     * @param trigger  the trigger name
     * @param fireTime the scheduled time that fired
     * @return completes after the commit
     */
    CompletableFuture<Void> recordTriggerFired(String trigger, Instant fireTime);

    /**
     * The last fire time recorded for a schedule trigger.
     *
     * @param trigger the trigger name
     * @return the last fire time, or empty if it never fired
     */
    Optional<Instant> lastTriggerFire(String trigger);

    /**
     * One instance.
     *
     * @param id the instance id
     * @return the instance, or empty
     */
    Optional<StoredInstance> instance(String id);

    /**
     * Every instance whose status is not terminal, oldest first.
     *
     * @return the unfinished instances
     */
    List<StoredInstance> unfinishedInstances();

    /**
     * The durable step states of one instance (steps never started have no entry), without their outputs, so
     * that resuming an instance reads no more than its states however large its outputs are.
     *
     * @param instanceId the instance id
     * @return the step states
     */
    List<StoredStep> steps(String instanceId);

    /**
     * The encoded output of one completed step, read when a step (or a caller) needs it.
     *
     * @param instanceId the instance id
     * @param step       the step name
     * @return the output, or empty if the step has not completed or completed without an output
     */
    Optional<byte[]> output(String instanceId, String step);

    /**
     * Instances matching a query, ordered by creation time then id.
     *
     * @param query the query
     * @return one page of matching instances
     */
    List<InstanceInfo> query(Query query);

    /**
     * How many instances match a query's filters, per status (its limit and offset are ignored). The default
     * pages through {@link #query(Query)}; a store with an index should count with one query.
     *
     * @param query the filters
     * @return the count per status; statuses with no instance are absent
     */
    default Map<Status, Long> countByStatus(Query query) {
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        Query page = query.offset(0).limit(Query.MAX_LIMIT);
        while (true) {
            List<InstanceInfo> found = query(page);
            for (InstanceInfo i : found) {
                counts.merge(i.status(), 1L, Long::sum);
            }
            if (found.size() < page.limit()) {
                return counts;
            }
            page = page.nextPage();
        }
    }

    /**
     * Every attempt of every step and compensation of one instance, in the order they started.
     *
     * @param instanceId the instance id
     * @return the history
     */
    List<StepAttempt> history(String instanceId);

    /**
     * Closes the store.
     */
    @Override
    void close();
}
