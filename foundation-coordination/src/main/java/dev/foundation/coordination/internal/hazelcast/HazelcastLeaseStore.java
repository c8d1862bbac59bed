package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.foundation.coordination.internal.LeaseRecord;
import dev.foundation.coordination.internal.LeaseStore;

import java.util.concurrent.CompletableFuture;

/**
 * Lease records in two Hazelcast maps, changed only by entry processors on the partition owner; each call runs on
 * the backend's {@link BoundedCalls}, so the caller waits with its own deadline; renewals on a lane of their own.
 */
final class HazelcastLeaseStore implements LeaseStore {

    static final String LOCKS = "foundation.coordination.locks";
    static final String ELECTIONS = "foundation.coordination.elections";

    private final IMap<String, LeaseRecord> locks;
    private final IMap<String, LeaseRecord> elections;
    private final String clockId;
    private final double marginRate;
    private final BoundedCalls calls;
    private final BoundedCalls renewals;

    HazelcastLeaseStore(HazelcastInstance hazelcast, String clockId, double marginRate, BoundedCalls calls,
                        BoundedCalls renewals) {
        this.calls = calls;
        this.renewals = renewals;
        this.locks = hazelcast.getMap(LOCKS);
        this.elections = hazelcast.getMap(ELECTIONS);
        this.clockId = clockId;
        this.marginRate = marginRate;
    }

    IMap<String, LeaseRecord> map(Kind kind) {
        return kind == Kind.LOCK ? locks : elections;
    }

    @Override
    public CompletableFuture<Long> acquire(Kind kind, String name, String owner, long leaseMillis) {
        return calls.run(() -> map(kind).executeOnKey(name, new AcquireProcessor(clockId, owner, leaseMillis, marginRate)));
    }

    @Override
    public CompletableFuture<Boolean> renew(Kind kind, String name, String owner, long token, long leaseMillis) {
        return renewals.run(() -> map(kind).executeOnKey(name, new RenewProcessor(clockId, owner, token, leaseMillis))
                == 1L);
    }

    @Override
    public CompletableFuture<Boolean> release(Kind kind, String name, String owner, long token) {
        return calls.run(() -> map(kind).executeOnKey(name, new ReleaseProcessor(owner, token)) == 1L);
    }

    @Override
    public CompletableFuture<LeaseRecord> current(Kind kind, String name) {
        return calls.run(() -> map(kind).executeOnKey(name, new ReadProcessor(clockId)));
    }

    /**
     * Frees every lease whose owner id starts with {@code ownerPrefix}, in both maps.
     *
     * @param ownerPrefix the dead member's prefix
     * @return how many leases were freed
     */
    long releaseOwnedBy(String ownerPrefix) {
        long freed = 0;
        for (IMap<String, LeaseRecord> map : java.util.List.of(locks, elections)) {
            for (Long r : map.executeOnEntries(new ReleaseOwnedByProcessor(ownerPrefix)).values()) {
                freed += r == null ? 0 : r;
            }
        }
        return freed;
    }
}
