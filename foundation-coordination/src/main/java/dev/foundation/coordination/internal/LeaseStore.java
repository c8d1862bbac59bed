package dev.foundation.coordination.internal;

import java.util.concurrent.CompletableFuture;

/**
 * Where a backend keeps lease records. All operations are asynchronous and atomic per record; failures complete
 * the future exceptionally (a minority member with {@code ClusterBelowMinimumSizeException}).
 */
public interface LeaseStore {

    /** The record families, kept apart. */
    enum Kind {
        /** Locks. */
        LOCK,
        /** Elections. */
        ELECTION
    }

    /**
     * See {@link LeaseLogic#acquire}.
     *
     * @param kind        the family
     * @param name        the lock or election name
     * @param owner       the owner id
     * @param leaseMillis the lease length
     * @return the token granted, or 0 if busy
     */
    CompletableFuture<Long> acquire(Kind kind, String name, String owner, long leaseMillis);

    /**
     * See {@link LeaseLogic#renew}.
     *
     * @param kind        the family
     * @param name        the name
     * @param owner       the owner id
     * @param token       the grant's token
     * @param leaseMillis the new lease length
     * @return whether renewed
     */
    CompletableFuture<Boolean> renew(Kind kind, String name, String owner, long token, long leaseMillis);

    /**
     * See {@link LeaseLogic#release}.
     *
     * @param kind  the family
     * @param name  the name
     * @param owner the owner id
     * @param token the grant's token
     * @return whether released
     */
    CompletableFuture<Boolean> release(Kind kind, String name, String owner, long token);

    /**
     * The record if an owner holds an unexpired lease, else {@code null}.
     *
     * @param kind the family
     * @param name the name
     * @return the held record or {@code null}
     */
    CompletableFuture<LeaseRecord> current(Kind kind, String name);
}
