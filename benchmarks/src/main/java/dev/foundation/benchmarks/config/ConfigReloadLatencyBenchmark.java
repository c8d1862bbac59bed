package dev.foundation.benchmarks.config;

import dev.foundation.config.ConfigHandle;
import dev.foundation.config.FoundationConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reload latency: from an atomic file replace (write temp file, rename over the config) to the listener being
 * called with the new value, through the directory watch (inotify on Linux), the debounce, parse, bind, validate
 * and swap. Sample time, so the report shows p50 and p99 (goal: p50 below 100 ms). {@code debounceMs=50} is the
 * default; {@code 0} shows the cost without it. No anchor: none of the libraries a user would otherwise pick
 * reloads with validation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConfigReloadLatencyBenchmark {

    /** The watched configuration. */
    public record Watched(int value) {
    }

    /** Debounce delay in milliseconds. */
    @Param({"0", "50"})
    public int debounceMs;

    private Path dir;
    private Path file;
    private ConfigHandle<Watched> handle;
    private final SynchronousQueue<Integer> seen = new SynchronousQueue<>();
    private int next;

    /** Starts a watching handle whose listener hands each new value to the benchmark thread. */
    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("config-reload-bench");
        file = Files.writeString(dir.resolve("w.yml"), "w:\n  value: 0\n");
        handle = FoundationConfig.builder(Watched.class).prefix("w").file(file).watch(true)
                .debounce(Duration.ofMillis(debounceMs)).build();
        handle.subscribe(c -> {
            try {
                seen.put(c.current().value().value());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Stops watching and deletes the files. */
    @TearDown
    public void tearDown() throws IOException {
        handle.close();
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir.resolve("w.yml.tmp"));
        Files.deleteIfExists(dir);
    }

    /**
     * Foundation: write a new value and wait until the listener has it.
     *
     * @return the value the listener saw
     * @throws Exception when the file cannot be written or no reload arrives within 10 s
     */
    @Benchmark
    public int foundation_writeToListener() throws Exception {
        int value = ++next;
        Path tmp = dir.resolve("w.yml.tmp");
        Files.writeString(tmp, "w:\n  value: " + value + "\n");
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        while (true) {
            Integer got = seen.poll(10, TimeUnit.SECONDS);
            if (got == null) {
                throw new IllegalStateException("no reload within 10 s for value " + value);
            }
            if (got == value) {
                return got;
            }
        }
    }
}
