package dev.foundation.coordination.internal;

import java.util.concurrent.CompletableFuture;

/** A lease store that forwards every call to another; tests override the calls they make fail. */
class ForwardingLeaseStore implements LeaseStore {
    private final LeaseStore store;

    ForwardingLeaseStore(LeaseStore store) {
        this.store = store;
    }

    @Override
    public CompletableFuture<Long> acquire(Kind kind, String name, String owner, long leaseMillis) {
        return store.acquire(kind, name, owner, leaseMillis);
    }

    @Override
    public CompletableFuture<Boolean> renew(Kind kind, String name, String owner, long token, long leaseMillis) {
        return store.renew(kind, name, owner, token, leaseMillis);
    }

    @Override
    public CompletableFuture<Boolean> release(Kind kind, String name, String owner, long token) {
        return store.release(kind, name, owner, token);
    }

    @Override
    public CompletableFuture<LeaseRecord> current(Kind kind, String name) {
        return store.current(kind, name);
    }
}
