package dev.foundation.coordination.internal.local;

import dev.foundation.coordination.internal.LeaseLogic;
import dev.foundation.coordination.internal.LeaseRecord;
import dev.foundation.coordination.internal.LeaseStore;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Lease records in this JVM's memory, updated atomically under one monitor. */
final class LocalLeaseStore implements LeaseStore {

    private final Clock clock;
    private final double marginRate;
    private final Map<String, LeaseRecord> records = new HashMap<>();

    LocalLeaseStore(Clock clock, double marginRate) {
        this.clock = clock;
        this.marginRate = marginRate;
    }

    private synchronized long apply(Kind kind, String name, Function<LeaseRecord, LeaseLogic.Step> step) {
        String key = kind + ":" + name;
        LeaseLogic.Step result = step.apply(records.get(key));
        if (result.updated() != null) {
            records.put(key, result.updated());
        }
        return result.result();
    }

    @Override
    public CompletableFuture<Long> acquire(Kind kind, String name, String owner, long leaseMillis) {
        return CompletableFuture.completedFuture(
                apply(kind, name, r -> LeaseLogic.acquire(r, owner, clock.millis(), leaseMillis, marginRate)));
    }

    @Override
    public CompletableFuture<Boolean> renew(Kind kind, String name, String owner, long token, long leaseMillis) {
        return CompletableFuture.completedFuture(
                apply(kind, name, r -> LeaseLogic.renew(r, owner, token, clock.millis(), leaseMillis)) == 1);
    }

    @Override
    public CompletableFuture<Boolean> release(Kind kind, String name, String owner, long token) {
        return CompletableFuture.completedFuture(apply(kind, name, r -> LeaseLogic.release(r, owner, token)) == 1);
    }

    @Override
    public synchronized CompletableFuture<LeaseRecord> current(Kind kind, String name) {
        LeaseRecord r = records.get(kind + ":" + name);
        return CompletableFuture.completedFuture(r != null && r.isHeld(clock.millis()) ? r : null);
    }
}
