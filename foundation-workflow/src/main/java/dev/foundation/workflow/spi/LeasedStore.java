package dev.foundation.workflow.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link WorkflowStore} that several engines (nodes) share, each in-flight instance owned by one node
 * through a lease kept in the store.
 *
 * <p>Each instance row carries an owner, a lease expiry measured by the store's own clock (the database's, so
 * nodes' clocks never matter) and an epoch that grows by one on every claim. A node claims runnable instances
 * (unowned, or whose lease expired) in batches, renews the leases of those it runs, and passes the epoch it
 * claimed with every checkpoint: a write whose epoch is no longer the instance's is rejected with
 * {@link dev.foundation.workflow.WorkflowOwnershipException}, so an owner that paused past its lease (and
 * was replaced) cannot overwrite its successor's progress.
 */
public interface LeasedStore extends WorkflowStore {

    /**
     * An instance together with the epoch of the caller's ownership.
     *
     * @param instance the instance
     * @param epoch    the epoch the caller owns it under, or {@code 0} when the caller does not own it
     */
    record Owned(StoredInstance instance, long epoch) {
    }

    /**
     * Like {@link #createInstance(NewInstance, List)}, and the new instance is owned by {@code owner} at epoch 1
     * for {@code lease} (or created unowned, for any node to claim, when {@code owner} is {@code null}).
     *
     * @param instance the instance to create
     * @param initial  checkpoints applied with the creation
     * @param owner    the creating node, or {@code null}
     * @param lease    how long the creator's lease lasts
     * @return the stored instance with the caller's epoch ({@code 0} when the key already existed or when
     *         created unowned)
     */
    CompletableFuture<Owned> createInstance(NewInstance instance, List<Checkpoint> initial, String owner,
                                            Duration lease);

    /**
     * Applies changes atomically, only if {@code epoch} is still the instance's epoch.
     *
     * @param instanceId the instance all changes belong to
     * @param epoch      the epoch the writer owns it under
     * @param changes    the changes
     * @return completes after the commit; fails with {@link dev.foundation.workflow.WorkflowOwnershipException}
     *         when the epoch is stale
     */
    CompletableFuture<Void> checkpoint(String instanceId, long epoch, List<Checkpoint> changes);

    /**
     * Claims up to {@code max} unfinished instances that nobody holds (unowned, or lease expired), oldest first,
     * skipping rows other nodes are claiming at the same moment; each claim increments the instance's epoch.
     *
     * @param owner the claiming node
     * @param max   at most this many
     * @param lease how long the new leases last
     * @return the claimed instances with their new epochs
     */
    List<Owned> claim(String owner, int max, Duration lease);

    /**
     * Extends the leases {@code owner} still holds at the given epochs.
     *
     * @param owner  the node
     * @param epochs instance id to the epoch the node believes it owns
     * @param lease  the new lease length, from now by the store's clock
     * @return the ids whose lease was extended; the others are no longer the node's
     */
    Set<String> renew(String owner, Map<String, Long> epochs, Duration lease);

    /**
     * Gives up leases (a node shutting down, or dropping an instance it cannot run): the instances become
     * claimable at once. Their epoch is unchanged, so the next claim fences the releasing node.
     *
     * @param owner  the node
     * @param epochs instance id to epoch
     * @return how many leases were released
     */
    int release(String owner, Map<String, Long> epochs);

    /**
     * Hands an instance that only waits for a timer back to the store: it becomes unowned and claimable by any
     * node from {@code wakeAt} on (its epoch is unchanged, so the next claim fences the parking node).
     *
     * @param owner  the node
     * @param id     the instance
     * @param epoch  the epoch the node owns it under
     * @param wakeAt when it becomes claimable
     * @return whether the node still owned it and it was parked
     */
    boolean park(String owner, String id, long epoch, Instant wakeAt);

    /**
     * Ends the leases of a node reported gone (for example a Hazelcast member that left), so other nodes claim
     * its instances without waiting for the leases to run out, but only those the node has not renewed for
     * {@code notRenewedFor}: a node that is merely cut off from the reporter (a network partition) and still
     * renews keeps its instances.
     *
     * @param owner         the node reported gone
     * @param notRenewedFor how long a lease must have gone without renewal to be ended
     * @return how many leases were ended
     */
    int expire(String owner, Duration notRenewedFor);

    /**
     * How many checkpoint writes this store object rejected because their epoch was stale.
     *
     * @return the count since the store was created
     */
    long fencedWrites();
}
