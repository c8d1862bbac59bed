package dev.foundation.benchmarks.eventsdurable;

import dev.foundation.core.Codecs;
import dev.foundation.events.EventStream;
import dev.foundation.events.EventStreams;
import dev.foundation.events.FsyncPolicy;
import dev.foundation.events.Persistence;
import dev.foundation.events.StreamSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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

/**
 * (b) Publish-to-durable: each operation publishes one record and waits until a force covering it has returned.
 * A durable Foundation stream (one partition, byte[] codec, {@link FsyncPolicy#GROUP_COMMIT}: writer thread,
 * group commit, CRC32C framing, offsets, index) through the public API against {@link RawGroupCommit}, the least code doing the same batching with
 * {@code FileChannel.write} + {@code force}. Sample mode: the report prints the p50/p99 publish-to-durable
 * latency, and the ratio of the mean latencies at the same thread count is the throughput ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.log.dev.foundation=warn"})
public class GroupCommitAppendBenchmark {

    /** The record payload size in bytes. */
    @Param({"100", "1024"})
    public int recordBytes;

    byte[] payload;
    Path dir;
    EventStreams streams;
    EventStream<byte[]> stream;
    RawGroupCommit raw;

    /** Opens the log and the baseline file. */
    @Setup(Level.Trial)
    public void open() throws IOException {
        payload = BenchFiles.payload(recordBytes);
        dir = BenchFiles.tempDir("group-commit");
        streams = EventStreams.builder().build();
        stream = streams.create("bench", StreamSpec.of(byte[].class).codec(Codecs.bytes())
                .persistence(Persistence.disk(dir.resolve("stream")).fsync(FsyncPolicy.GROUP_COMMIT)));
        raw = new RawGroupCommit(dir.resolve("raw.bin"));
    }

    /** Closes and deletes both. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        streams.close();
        raw.close();
        BenchFiles.delete(dir);
    }

    private long foundation() {
        return stream.publish(payload).toCompletableFuture().join().offset();
    }

    private void raw() throws IOException, InterruptedException {
        raw.appendDurably(payload);
    }

    /**
     * Foundation, 1 publisher.
     *
     * @return the offset
     */
    @Benchmark
    @Threads(1)
    public long foundation_durable1() {
        return foundation();
    }

    /**
     * Raw write + force, 1 publisher.
     *
     * @throws Exception on I/O failure
     */
    @Benchmark
    @Threads(1)
    public void raw_durable1() throws Exception {
        raw();
    }

    /**
     * Foundation, 4 publishers.
     *
     * @return the offset
     */
    @Benchmark
    @Threads(4)
    public long foundation_durable4() {
        return foundation();
    }

    /**
     * Raw write + force, 4 publishers.
     *
     * @throws Exception on I/O failure
     */
    @Benchmark
    @Threads(4)
    public void raw_durable4() throws Exception {
        raw();
    }

    /**
     * Foundation, 16 publishers.
     *
     * @return the offset
     */
    @Benchmark
    @Threads(16)
    public long foundation_durable16() {
        return foundation();
    }

    /**
     * Raw write + force, 16 publishers.
     *
     * @throws Exception on I/O failure
     */
    @Benchmark
    @Threads(16)
    public void raw_durable16() throws Exception {
        raw();
    }
}
