package dev.foundation.benchmarks.cache;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.foundation.cache.L3;
import dev.foundation.cache.TieredCache;
import dev.foundation.coordination.EmbeddedMemberConfig;
import dev.foundation.coordination.HazelcastMembers;
import dev.foundation.core.Codecs;
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
 * L3 hit path: a tiered cache with only the Hazelcast tier against a raw {@code IMap.get} / {@code IMap.set}
 * on the same embedded member (one member, so every partition is local: this measures the cache's own
 * overhead, not the network), Zipfian reads over 10,000 entries and a 90/10 read/put mix.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class L3HitBenchmark {

    private static final int KEYS = 10_000;
    private static final int MASK = (1 << 16) - 1;

    private HazelcastInstance member;
    private TieredCache<String, String> tiered;
    private IMap<String, String> raw;
    private String[] keys;
    private String[] values;
    private int[] draws;
    private int cursor;

    /** Starts a member and fills both maps. */
    @Setup
    public void setUp() {
        member = HazelcastMembers.embedded(EmbeddedMemberConfig.forTesting().build());
        keys = Zipf.keys(KEYS);
        values = new String[KEYS];
        draws = Zipf.indices(KEYS, MASK + 1, 42);
        tiered = TieredCache.<String, String>builder("bench-l3").keyCodec(Codecs.utf8()).valueCodec(Codecs.utf8())
                .l3(L3.hazelcast(member)).build();
        raw = member.getMap("bench-raw");
        for (int i = 0; i < KEYS; i++) {
            values[i] = Zipf.value(i);
            tiered.put(keys[i], values[i]);
            raw.set(keys[i], values[i]);
        }
    }

    /** Closes the cache and stops the member. */
    @TearDown
    public void tearDown() {
        tiered.close();
        member.shutdown();
    }

    /**
     * Foundation: Zipfian L3 hits.
     *
     * @return the value
     */
    @Benchmark
    public String foundation_zipfRead() {
        return tiered.getIfPresent(keys[draws[cursor++ & MASK]]);
    }

    /**
     * Hazelcast: {@code IMap.get}.
     *
     * @return the value
     */
    @Benchmark
    public String hazelcast_zipfRead() {
        return raw.get(keys[draws[cursor++ & MASK]]);
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
     * Hazelcast: 90% {@code get}, 10% {@code set}.
     *
     * @return the value read, or {@code null} after a write
     */
    @Benchmark
    public String hazelcast_mix90() {
        int i = cursor++;
        int k = draws[i & MASK];
        if (i % 10 == 0) {
            raw.set(keys[k], values[k]);
            return null;
        }
        return raw.get(keys[k]);
    }
}
