package dev.foundation.benchmarks.eventsdurable;

import dev.foundation.core.Codecs;
import dev.foundation.events.EventStream;
import dev.foundation.events.EventStreams;
import dev.foundation.events.FsyncPolicy;
import dev.foundation.events.Persistence;
import dev.foundation.events.Receipt;
import dev.foundation.events.StreamSpec;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (a) Append throughput without fsync: a durable Foundation stream (one partition, byte[] codec,
 * {@link FsyncPolicy#NEVER}) publishing through the public API, against Chronicle Queue appending the same
 * records (timestamp + payload) to its memory-mapped files, with 1, 4 and 16 publishing threads.
 *
 * <p>Each iteration appends a fixed number of records in total (320,000, split between the threads), so that the
 * disk traffic of a run stays bounded; the score is the time of one iteration (lower is better). Foundation's
 * publishes are pipelined: each thread keeps up to {@value #WINDOW} publishes in flight (the stream acknowledges
 * once the batch holding a record is written to the operating system) and waits for them before the next window.
 * Chronicle's append returns once the record is in the mapped file.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dchronicle.analytics.disable=true",
        "-Dorg.slf4j.simpleLogger.log.dev.foundation=warn",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED"})
public class NeverFsyncAppendBenchmark {

    static final int WINDOW = 1024;
    static final int RECORDS_PER_ITERATION = 320_000;

    /** The record payload size in bytes. */
    @Param({"100", "1024"})
    public int recordBytes;

    /** One durable stream per trial. */
    @State(Scope.Benchmark)
    public static class FoundationLog {
        Path dir;
        EventStreams streams;
        EventStream<byte[]> stream;

        /** Opens the stream. */
        @Setup(Level.Trial)
        public void open() {
            dir = BenchFiles.tempDir("foundation-never");
            streams = EventStreams.builder().build();
            // retention keeps the disk usage of a run bounded; it deletes closed segments only
            stream = streams.create("bench", StreamSpec.of(byte[].class).codec(Codecs.bytes())
                    .persistence(Persistence.disk(dir).fsync(FsyncPolicy.NEVER).retention(null, 512L << 20)));
        }

        /** Closes and deletes the stream. */
        @TearDown(Level.Trial)
        public void close() {
            streams.close();
            BenchFiles.delete(dir);
        }
    }

    /** Per-thread state of a Foundation publisher: the payload and the window of publishes in flight. */
    @State(Scope.Thread)
    public static class FoundationAppender {
        byte[] payload;
        CompletableFuture<Receipt> last;
        int inFlight;

        /**
         * Creates the payload.
         *
         * @param bench the benchmark parameters
         */
        @Setup(Level.Trial)
        public void setUp(NeverFsyncAppendBenchmark bench) {
            payload = BenchFiles.payload(bench.recordBytes);
        }

        /** Waits for the appends still in flight (not timed). */
        @TearDown(Level.Iteration)
        public void drain() {
            if (last != null) {
                last.join();
            }
            inFlight = 0;
        }

        Object append(EventStream<byte[]> stream) {
            last = stream.publish(payload).toCompletableFuture();
            if (++inFlight == WINDOW) {
                last.join();
                inFlight = 0;
            }
            return last;
        }
    }

    /** One Chronicle queue per trial. */
    @State(Scope.Benchmark)
    public static class Chronicle {
        Path dir;
        ChronicleQueue queue;

        /** Opens the queue. */
        @Setup(Level.Trial)
        public void open() {
            dir = BenchFiles.tempDir("chronicle");
            queue = ChronicleQueue.singleBuilder(dir).build();
        }

        /** Closes and deletes the queue. */
        @TearDown(Level.Trial)
        public void close() {
            queue.close();
            BenchFiles.delete(dir);
        }
    }

    /** Per-thread Chronicle appender (appenders are single-threaded). */
    @State(Scope.Thread)
    public static class ChronicleAppender {
        ExcerptAppender appender;
        byte[] payload;

        /**
         * Creates this thread's appender.
         *
         * @param queue the shared queue
         * @param bench the benchmark parameters
         */
        @Setup(Level.Trial)
        public void setUp(Chronicle queue, NeverFsyncAppendBenchmark bench) {
            appender = queue.queue.createAppender();
            payload = BenchFiles.payload(bench.recordBytes);
        }

        /** Releases the appender. */
        @TearDown(Level.Trial)
        public void close() {
            appender.close();
        }

        void append() {
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().writeLong(System.currentTimeMillis()).write(payload);
            }
        }
    }

    /**
     * Foundation, 1 appender.
     *
     * @param log the log
     * @param a   this thread's appender
     * @return the last future
     */
    @Benchmark
    @Threads(1)
    @Warmup(iterations = 3, batchSize = RECORDS_PER_ITERATION)
    @Measurement(iterations = 5, batchSize = RECORDS_PER_ITERATION)
    public Object foundation_append1(FoundationLog log, FoundationAppender a) {
        return a.append(log.stream);
    }

    /**
     * Chronicle Queue, 1 appender.
     *
     * @param a this thread's appender
     */
    @Benchmark
    @Threads(1)
    @Warmup(iterations = 3, batchSize = RECORDS_PER_ITERATION)
    @Measurement(iterations = 5, batchSize = RECORDS_PER_ITERATION)
    public void chronicle_append1(ChronicleAppender a) {
        a.append();
    }

    /**
     * Foundation, 4 appenders.
     *
     * @param log the log
     * @param a   this thread's appender
     * @return the last future
     */
    @Benchmark
    @Threads(4)
    @Warmup(iterations = 3, batchSize = RECORDS_PER_ITERATION / 4)
    @Measurement(iterations = 5, batchSize = RECORDS_PER_ITERATION / 4)
    public Object foundation_append4(FoundationLog log, FoundationAppender a) {
        return a.append(log.stream);
    }

    /**
     * Chronicle Queue, 4 appenders.
     *
     * @param a this thread's appender
     */
    @Benchmark
    @Threads(4)
    @Warmup(iterations = 3, batchSize = RECORDS_PER_ITERATION / 4)
    @Measurement(iterations = 5, batchSize = RECORDS_PER_ITERATION / 4)
    public void chronicle_append4(ChronicleAppender a) {
        a.append();
    }

    /**
     * Foundation, 16 appenders.
     *
     * @param log the log
     * @param a   this thread's appender
     * @return the last future
     */
    @Benchmark
    @Threads(16)
    @Warmup(iterations = 3, batchSize = RECORDS_PER_ITERATION / 16)
    @Measurement(iterations = 5, batchSize = RECORDS_PER_ITERATION / 16)
    public Object foundation_append16(FoundationLog log, FoundationAppender a) {
        return a.append(log.stream);
    }

    /**
     * Chronicle Queue, 16 appenders.
     *
     * @param a this thread's appender
     */
    @Benchmark
    @Threads(16)
    @Warmup(iterations = 3, batchSize = RECORDS_PER_ITERATION / 16)
    @Measurement(iterations = 5, batchSize = RECORDS_PER_ITERATION / 16)
    public void chronicle_append16(ChronicleAppender a) {
        a.append();
    }
}
