package dev.foundation.coordination.internal.local;

import dev.foundation.coordination.internal.CounterStore;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of the single-JVM backend: one {@link AtomicLong} per name. */
final class LocalCounterStore implements CounterStore {

    private final ConcurrentMap<String, AtomicLong> counters = new ConcurrentHashMap<>();

    private AtomicLong counter(String name) {
        return counters.computeIfAbsent(name, k -> new AtomicLong());
    }

    @Override
    public long get(String name) {
        return counter(name).get();
    }

    @Override
    public Long add(String name, long delta) {
        AtomicLong value = counter(name);
        while (true) {
            long current = value.get();
            long sum = current + delta;
            if (((current ^ sum) & (delta ^ sum)) < 0) {
                return null;
            }
            if (value.compareAndSet(current, sum)) {
                return sum;
            }
        }
    }

    @Override
    public boolean compareAndSet(String name, long expected, long update) {
        return counter(name).compareAndSet(expected, update);
    }
}
