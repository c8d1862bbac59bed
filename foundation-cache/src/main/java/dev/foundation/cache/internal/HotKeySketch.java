package dev.foundation.cache.internal;

import dev.foundation.cache.HotKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The hottest keys: a Space-Saving sketch (Metwally et al.) of bounded capacity over sampled reads.
 * One read in {@code 2^sampleShift} is offered (decided with a thread-local random, no shared write on
 * the other reads); counts are scaled back. A key whose true count exceeds the total / capacity is
 * guaranteed to be tracked; each estimate over-counts by at most its reported error.
 *
 * @param <K> the key type
 */
final class HotKeySketch<K> {

    private final int capacity;
    private final int sampleMask;
    private final int sampleShift;
    /** Slot of each tracked key. */
    private final Map<K, Integer> slots;
    private final Object[] keys;
    private final long[] counts;
    private final long[] errors;
    private int size;

    /**
     * Creates a sketch.
     *
     * @param capacity    the number of counters kept, {@code > 0}
     * @param sampleShift offer one read in {@code 2^sampleShift}
     */
    public HotKeySketch(int capacity, int sampleShift) {
        this.capacity = capacity;
        this.sampleShift = sampleShift;
        this.sampleMask = (1 << sampleShift) - 1;
        this.slots = new HashMap<>(capacity * 2);
        this.keys = new Object[capacity];
        this.counts = new long[capacity];
        this.errors = new long[capacity];
    }

    /**
     * Records one read (sampled).
     *
     * @param key the key read
     */
    public void record(K key) {
        if ((ThreadLocalRandom.current().nextInt() & sampleMask) != 0) {
            return;
        }
        offer(key);
    }

    /**
     * Counts one sampled read. An untracked key takes over the counter with the smallest count, found by a scan
     * of a {@code long[]} (a handful of cache lines for the default 40 counters), and inherits that count as
     * its error.
     */
    synchronized void offer(K key) {
        Integer slot = slots.get(key);
        if (slot != null) {
            counts[slot]++;
            return;
        }
        int i;
        if (size < capacity) {
            i = size++;
        } else {
            i = 0;
            for (int j = 1; j < capacity; j++) {
                if (counts[j] < counts[i]) {
                    i = j;
                }
            }
            slots.remove(keys[i]);
        }
        keys[i] = key;
        errors[i] = counts[i];
        counts[i]++;
        slots.put(key, i);
    }

    /**
     * The hottest keys, hottest first.
     *
     * @param limit at most this many
     * @return the keys with their estimates
     */
    @SuppressWarnings("unchecked")
    public synchronized List<HotKey<K>> top(int limit) {
        List<HotKey<K>> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(new HotKey<>((K) keys[i], counts[i] << sampleShift, errors[i] << sampleShift));
        }
        all.sort(Comparator.comparingLong((HotKey<K> h) -> h.estimate()).reversed());
        return all.size() > limit ? List.copyOf(all.subList(0, limit)) : List.copyOf(all);
    }
}
