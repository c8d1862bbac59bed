package dev.foundation.benchmarks.analytics;

import dev.foundation.analytics.Aggregate;
import dev.foundation.analytics.Analytics;
import dev.foundation.analytics.MeterSelector;
import dev.foundation.analytics.Window;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A hot timer's {@code record()} with a pipeline attached (an {@link Analytics} engine ticking every 100 ms on its own
 * thread, reading the timer's count, total, max and 95th percentile into a 10 s sliding window) against the same
 * timer with no analytics at all. Both timers publish the same percentile, so the difference is what the pipeline
 * adds. Goal: the pipeline costs at most 1.2x.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PipelineOverheadBenchmark {

    /** Whether the timer publishes a client-side percentile (more work per record for both sides). */
    @Param({"false", "true"})
    public boolean percentile;

    private SimpleMeterRegistry plainRegistry;
    private SimpleMeterRegistry watchedRegistry;
    private Analytics analytics;
    private Timer plain;
    private Timer watched;
    private long nanos;

    /** Two registries with one timer each; the second is read by a ticking pipeline. */
    @Setup(Level.Trial)
    public void setUp() {
        plainRegistry = new SimpleMeterRegistry();
        watchedRegistry = new SimpleMeterRegistry();
        plain = timer(plainRegistry);
        watched = timer(watchedRegistry);
        analytics = Analytics.builder(watchedRegistry).resolution(Duration.ofMillis(100)).build();
        analytics.pipeline("hot").select(MeterSelector.name("hot.timer")).window(Window.sliding(Duration.ofSeconds(10)))
                .aggregates(Aggregate.AVG, Aggregate.MAX, Aggregate.RATE, Aggregate.P95).publishAs("hot.stats").start();
        analytics.start();
    }

    private Timer timer(SimpleMeterRegistry registry) {
        Timer.Builder b = Timer.builder("hot.timer");
        if (percentile) {
            b.publishPercentiles(0.95);
        }
        return b.register(registry);
    }

    /** Stops the engine. */
    @TearDown(Level.Trial)
    public void tearDown() {
        analytics.close();
    }

    /** Foundation: record on a timer a pipeline reads. */
    @Benchmark
    public void foundation_record() {
        watched.record(nanos++ & 0xFFFF, TimeUnit.NANOSECONDS);
    }

    /** Micrometer alone: record on a timer nothing else reads. */
    @Benchmark
    public void micrometer_record() {
        plain.record(nanos++ & 0xFFFF, TimeUnit.NANOSECONDS);
    }
}
