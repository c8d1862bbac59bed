package dev.foundation.cache.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The counters of one cache, shared by the cache (which increments them) and its meters (which read them). */
final class Counters {

    /** Overall hits other than L1 hits (which are only counted in {@code tierHits[0]}, to keep that path short). */
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder[] tierHits = {new LongAdder(), new LongAdder(), new LongAdder()};
    final LongAdder[] tierMisses = {new LongAdder(), new LongAdder(), new LongAdder()};
    final LongAdder l1Evictions = new LongAdder();
    final LongAdder l3Expired = new LongAdder();
    final LongAdder loadSuccesses = new LongAdder();
    final LongAdder loadFailures = new LongAdder();
    final LongAdder loadNanos = new LongAdder();
    final LongAdder localInvalidations = new LongAdder();
    final LongAdder remoteInvalidations = new LongAdder();
    /** Per warmer: runs that succeeded, were skipped (lock held elsewhere), failed. */
    final Map<String, LongAdder[]> warmerRuns = new ConcurrentHashMap<>();

    /** All hits, L1's included. */
    long allHits() {
        return hits.sum() + tierHits[0].sum();
    }

    double hitRate() {
        long h = allHits();
        long reads = h + misses.sum();
        return reads == 0 ? Double.NaN : (double) h / reads;
    }

    double tierHitRate(int tier) {
        long h = tierHits[tier].sum();
        long reads = h + tierMisses[tier].sum();
        return reads == 0 ? Double.NaN : (double) h / reads;
    }

    long loads() {
        return loadSuccesses.sum() + loadFailures.sum();
    }
}
