package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.map.IMap;
import dev.foundation.coordination.internal.CounterStore;

/**
 * Counters in a Hazelcast map with one synchronous backup, each update an entry processor on the partition owner
 * (which refuses it while it cannot confirm its minimum cluster size, see {@link RecentlyHeardFunction}).
 */
final class HazelcastCounterStore implements CounterStore {

    private final IMap<String, Long> counters;

    HazelcastCounterStore(IMap<String, Long> counters) {
        this.counters = counters;
    }

    @Override
    public long get(String name) {
        Long v = counters.get(name);
        return v == null ? 0 : v;
    }

    @Override
    public Long add(String name, long delta) {
        return counters.executeOnKey(name, new CounterAddProcessor(delta));
    }

    @Override
    public boolean compareAndSet(String name, long expected, long update) {
        return counters.executeOnKey(name, new CounterCasProcessor(expected, update));
    }
}
