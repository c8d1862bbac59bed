package dev.foundation.benchmarks.audit;

import dev.foundation.audit.AuditTrail;
import dev.foundation.audit.Keyring;
import dev.foundation.audit.Outcome;
import dev.foundation.core.Codecs;
import dev.foundation.events.EventStream;
import dev.foundation.events.EventStreams;
import dev.foundation.events.FsyncPolicy;
import dev.foundation.events.Persistence;
import dev.foundation.events.StreamSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Durable records per second: each operation records one audit record (hash chain, checkpoint every 1000) and
 * waits until it is forced to disk, against publishing a payload of the same stored size (152 bytes) to a
 * plain one-partition group-commit stream and waiting the same way. Goal: foundation / stream &gt;= 0.8.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.log.dev.foundation=warn"})
public class AuditRecordBenchmark {

    private static final int STORED_SIZE = 152;
    private static final Map<String, String> ATTRIBUTES = Map.of("ip", "10.0.0.7", "session", "s-123456");

    Path dir;
    AuditTrail trail;
    EventStreams streams;
    EventStream<byte[]> stream;
    byte[] payload;

    /** Opens the trail and the plain stream. */
    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))),
                "audit-bench");
        byte[] key = new byte[32];
        trail = AuditTrail.builder(dir.resolve("trail")).keyring(Keyring.builder().key("k1", key).build()).build();
        // the stored size of the record below: a 55-byte header (type, sequence, time, previous hash), four
        // length-prefixed strings (52 bytes) and the attribute count and two length-prefixed pairs (45 bytes)
        payload = new byte[STORED_SIZE];
        streams = EventStreams.builder().build();
        stream = streams.create("plain", StreamSpec.of(byte[].class).codec(Codecs.bytes())
                .persistence(Persistence.disk(dir.resolve("stream")).fsync(FsyncPolicy.GROUP_COMMIT)));
    }

    /** Closes and deletes both. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        trail.close();
        streams.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private long foundation() {
        return trail.record("alice", "orders.read", "orders/000042", Outcome.SUCCESS, ATTRIBUTES)
                .toCompletableFuture().join().sequence();
    }

    private long plain() {
        return stream.publish(payload).toCompletableFuture().join().offset();
    }

    /**
     * Audit trail, 4 recording threads.
     *
     * @return the sequence
     */
    @Benchmark
    @Threads(4)
    public long foundation_record4() {
        return foundation();
    }

    /**
     * Plain durable stream, 4 publishing threads.
     *
     * @return the offset
     */
    @Benchmark
    @Threads(4)
    public long stream_record4() {
        return plain();
    }

    /**
     * Audit trail, 16 recording threads.
     *
     * @return the sequence
     */
    @Benchmark
    @Threads(16)
    public long foundation_record16() {
        return foundation();
    }

    /**
     * Plain durable stream, 16 publishing threads.
     *
     * @return the offset
     */
    @Benchmark
    @Threads(16)
    public long stream_record16() {
        return plain();
    }
}
