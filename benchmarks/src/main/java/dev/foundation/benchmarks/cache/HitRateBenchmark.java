package dev.foundation.benchmarks.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.foundation.cache.L1;
import dev.foundation.cache.L2;
import dev.foundation.cache.LoadingTieredCache;
import dev.foundation.cache.TieredCache;
import dev.foundation.core.Codecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Hit rate at the same L1 size: Zipfian reads over 100,000 keys through a loader that costs 50 µs of CPU, with an
 * L1 of 1,000 entries. The tiered cache adds an L2 disk tier below its L1; Caffeine alone has only the 1,000
 * entries. The primary score is reads per millisecond (misses pay the loader); the {@code loads} counter is the
 * loader calls per millisecond, and each run's hit rate is printed at tear-down.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HitRateBenchmark {

    private static final int KEYS = 100_000;
    private static final int L1_SIZE = 1_000;
    private static final int MASK = (1 << 20) - 1;

    private Path dir;
    private LoadingTieredCache<String, String> tiered;
    private LoadingCache<String, String> caffeine;
    private String[] keys;
    private int[] draws;
    private int cursor;
    private final LongAdder tieredReads = new LongAdder();
    private final LongAdder tieredLoads = new LongAdder();
    private final LongAdder caffeineReads = new LongAdder();
    private final LongAdder caffeineLoads = new LongAdder();

    /** Loader calls, reported per benchmark as an auxiliary counter. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Loads {
        /** Loader calls during the iteration. */
        public long loads;
    }

    /**
     * Creates both caches, empty.
     *
     * @throws IOException if the directory cannot be created
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("bench-hitrate");
        keys = Zipf.keys(KEYS);
        draws = Zipf.indices(KEYS, MASK + 1, 7);
        tiered = TieredCache.<String, String>builder("bench-hitrate").keyCodec(Codecs.utf8())
                .valueCodec(Codecs.utf8()).l1(L1.maximumSize(L1_SIZE)).l2(L2.disk(dir))
                .build(key -> {
                    tieredLoads.increment();
                    return load(key);
                });
        caffeine = Caffeine.newBuilder().maximumSize(L1_SIZE).build(key -> {
            caffeineLoads.increment();
            return load(key);
        });
    }

    private static String load(String key) {
        Blackhole.consumeCPU(5_000);
        return "loaded:" + key;
    }

    /**
     * Prints the hit rates and deletes the files.
     *
     * @throws IOException if the files cannot be deleted
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (tieredReads.sum() > 0) {
            System.out.printf("%nhit rate, tiered (L1 %d + L2): %.4f (cache stats: %.4f, L1 %.4f)%n", L1_SIZE,
                    1 - (double) tieredLoads.sum() / tieredReads.sum(), tiered.stats().hitRate(),
                    tiered.stats().tiers().values().iterator().next().hitRate());
        }
        if (caffeineReads.sum() > 0) {
            System.out.printf("%nhit rate, Caffeine alone (%d): %.4f%n", L1_SIZE,
                    1 - (double) caffeineLoads.sum() / caffeineReads.sum());
        }
        tiered.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /**
     * Foundation: Zipfian reads through L1 (1,000) + L2 + loader.
     *
     * @param loads the auxiliary counter
     * @return the value
     */
    @Benchmark
    public String foundation_hitRate(Loads loads) {
        long before = tieredLoads.sum();
        tieredReads.increment();
        String v = tiered.get(keys[draws[cursor++ & MASK]]);
        loads.loads += tieredLoads.sum() - before;
        return v;
    }

    /**
     * Caffeine alone: Zipfian reads through a 1,000-entry loading cache.
     *
     * @param loads the auxiliary counter
     * @return the value
     */
    @Benchmark
    public String caffeine_hitRate(Loads loads) {
        long before = caffeineLoads.sum();
        caffeineReads.increment();
        String v = caffeine.get(keys[draws[cursor++ & MASK]]);
        loads.loads += caffeineLoads.sum() - before;
        return v;
    }
}
