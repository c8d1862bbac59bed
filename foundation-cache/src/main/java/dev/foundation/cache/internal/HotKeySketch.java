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
public final class HotKeySketch<K> {

    private final int capacity;
    private final int sampleMask;
    private final int sampleShift;
    private final Map<K, long[]> counters;

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
        this.counters = new HashMap<>(capacity * 2);
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

    synchronized void offer(K key) {
        long[] counter = counters.get(key);
        if (counter != null) {
            counter[0]++;
            return;
        }
        if (counters.size() < capacity) {
            counters.put(key, new long[] {1, 0});
            return;
        }
        K minKey = null;
        long[] min = null;
        for (Map.Entry<K, long[]> e : counters.entrySet()) {
            if (min == null || e.getValue()[0] < min[0]) {
                min = e.getValue();
                minKey = e.getKey();
            }
        }
        counters.remove(minKey);
        counters.put(key, new long[] {min[0] + 1, min[0]});
    }

    /**
     * The hottest keys, hottest first.
     *
     * @param limit at most this many
     * @return the keys with their estimates
     */
    public synchronized List<HotKey<K>> top(int limit) {
        List<HotKey<K>> all = new ArrayList<>(counters.size());
        for (Map.Entry<K, long[]> e : counters.entrySet()) {
            all.add(new HotKey<>(e.getKey(), e.getValue()[0] << sampleShift, e.getValue()[1] << sampleShift));
        }
        all.sort(Comparator.comparingLong((HotKey<K> h) -> h.estimate()).reversed());
        return all.size() > limit ? List.copyOf(all.subList(0, limit)) : List.copyOf(all);
    }
}
