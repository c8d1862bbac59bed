package dev.foundation.coordination.internal;

import dev.foundation.coordination.EventualCounter;
import dev.foundation.coordination.UnitOutcome;
import dev.foundation.coordination.WorkFunction;
import dev.foundation.coordination.WorkUnit;
import dev.foundation.coordination.internal.local.LocalBackend;
import java.util.List;
import java.util.function.UnaryOperator;

/** The local backend with its lease store wrapped, for tests that make the store fail in chosen ways. */
final class WrappedStoreBackend implements Backend {
    private final LocalBackend local;
    private final LeaseStore store;

    WrappedStoreBackend(LocalBackend local, UnaryOperator<LeaseStore> wrap) {
        this.local = local;
        this.store = wrap.apply(local.leaseStore());
    }

    @Override
    public String name() {
        return local.name();
    }

    @Override
    public String memberId() {
        return local.memberId();
    }

    @Override
    public LeaseStore leaseStore() {
        return store;
    }

    @Override
    public CounterStore counterStore() {
        return local.counterStore();
    }

    @Override
    public void start(Host host) {
        local.start(host);
    }

    @Override
    public EventualCounter eventualCounter(String name) {
        return local.eventualCounter(name);
    }

    @Override
    public <T, R> void registerWork(String taskName, WorkFunction<T, R> function) {
        local.registerWork(taskName, function);
    }

    @Override
    public <T, R> List<UnitOutcome<R>> runUnits(String taskName, List<WorkUnit<T>> units) {
        return local.runUnits(taskName, units);
    }

    @Override
    public void close() {
        local.close();
    }
}
