package dev.foundation.benchmarks.federation;

import dev.foundation.federation.Federation;
import dev.foundation.federation.Pool;
import dev.foundation.federation.PoolCall;
import dev.foundation.federation.Strategy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Four threads call a federation of four pools; three answer after a little work, one (a pool in trouble, not yet
 * failing) takes 1 ms. Sampled latency per call: round robin sends a quarter of the calls to the slow pool, so
 * its p99 is the slow pool's latency; least loaded sees the slow pool's calls pile up in flight and sends it only
 * the calls that find it idle. Goal: least loaded's p99 below round robin's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(4)
@Fork(1)
public class SlowPoolLatencyBenchmark {

    /** The strategy under test. */
    @Param({"roundRobin", "leastLoaded"})
    public String strategy;

    private static final long SLOW_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final PoolCall<Boolean, Boolean> CALL = slow -> {
        if (slow) {
            LockSupport.parkNanos(SLOW_NANOS);
        } else {
            Blackhole.consumeCPU(500);
        }
        return slow;
    };

    private Federation<Boolean> federation;

    /** Builds the federation. */
    @Setup(Level.Trial)
    public void setUp() {
        federation = Federation.<Boolean>builder("latency")
                .strategy(strategy.equals("leastLoaded") ? Strategy.leastLoaded() : Strategy.roundRobin())
                .pool(Pool.of("fast-1", false)).pool(Pool.of("fast-2", false)).pool(Pool.of("fast-3", false))
                .pool(Pool.of("slow", true)).build();
    }

    /** Closes it. */
    @TearDown(Level.Trial)
    public void tearDown() {
        federation.close();
    }

    /**
     * Foundation: one call, latency sampled.
     *
     * @return whether the slow pool answered
     */
    @Benchmark
    public Boolean foundation_slowPool() {
        return federation.execute(CALL);
    }
}
