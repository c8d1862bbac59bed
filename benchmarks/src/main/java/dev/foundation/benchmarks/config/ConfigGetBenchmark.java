package dev.foundation.benchmarks.config;

import dev.foundation.config.ConfigHandle;
import dev.foundation.config.FoundationConfig;
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
 * {@code ConfigHandle.get()} against the cheapest thing an application could do instead: read a volatile field
 * holding the config record (goal: within 1.5x).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConfigGetBenchmark {

    /** A small configuration. */
    public record Small(String name, int size) {
    }

    private ConfigHandle<Small> handle;
    private volatile Small field;

    /** Builds the handle from an override (no file) and fills the volatile field. */
    @Setup
    public void setUp() {
        handle = FoundationConfig.builder(Small.class).prefix("s").override("s.name", "bench").override("s.size", 3)
                .build();
        field = handle.get();
    }

    /** Closes the handle. */
    @TearDown
    public void tearDown() {
        handle.close();
    }

    /**
     * Foundation: {@code handle.get()}.
     *
     * @return the size
     */
    @Benchmark
    public int foundation_get() {
        return handle.get().size();
    }

    /**
     * Baseline: a volatile field read.
     *
     * @return the size
     */
    @Benchmark
    public int volatile_get() {
        return field.size();
    }
}
