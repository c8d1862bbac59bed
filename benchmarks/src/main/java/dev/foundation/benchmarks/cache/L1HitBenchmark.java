package dev.foundation.benchmarks.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.foundation.cache.L1;
import dev.foundation.cache.TieredCache;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * L1 hit path: a tiered cache with only L1 against a raw Caffeine cache of the same size, both holding every
 * key read (Zipfian reads, and a 90/10 read/put mix).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class L1HitBenchmark {

    private static final int KEYS = 10_000;
    private static final int MASK = (1 << 16) - 1;

    private TieredCache<String, String> tiered;
    private Cache<String, String> caffeine;
    private String[] keys;
    private String[] values;
    private int[] draws;
    private int cursor;

    /** Fills both caches with every key. */
    @Setup
    public void setUp() {
        keys = Zipf.keys(KEYS);
        values = new String[KEYS];
        draws = Zipf.indices(KEYS, MASK + 1, 42);
        tiered = TieredCache.<String, String>builder("bench-l1").l1(L1.maximumSize(KEYS * 2L)).build();
        caffeine = Caffeine.newBuilder().maximumSize(KEYS * 2L).build();
        for (int i = 0; i < KEYS; i++) {
            values[i] = Zipf.value(i);
            tiered.put(keys[i], values[i]);
            caffeine.put(keys[i], values[i]);
        }
    }

    /** Closes the tiered cache. */
    @TearDown
    public void tearDown() {
        tiered.close();
    }

    /**
     * Foundation: Zipfian L1 hits.
     *
     * @return the value
     */
    @Benchmark
    public String foundation_zipfRead() {
        return tiered.getIfPresent(keys[draws[cursor++ & MASK]]);
    }

    /**
     * Caffeine: Zipfian hits.
     *
     * @return the value
     */
    @Benchmark
    public String caffeine_zipfRead() {
        return caffeine.getIfPresent(keys[draws[cursor++ & MASK]]);
    }

    /**
     * Foundation: 90% reads, 10% puts.
     *
     * @return the value read, or {@code null} after a put
     */
    @Benchmark
    public String foundation_mix90() {
        int i = cursor++;
        int k = draws[i & MASK];
        if (i % 10 == 0) {
            tiered.put(keys[k], values[k]);
            return null;
        }
        return tiered.getIfPresent(keys[k]);
    }

    /**
     * Caffeine: 90% reads, 10% puts.
     *
     * @return the value read, or {@code null} after a put
     */
    @Benchmark
    public String caffeine_mix90() {
        int i = cursor++;
        int k = draws[i & MASK];
        if (i % 10 == 0) {
            caffeine.put(keys[k], values[k]);
            return null;
        }
        return caffeine.getIfPresent(keys[k]);
    }
}
