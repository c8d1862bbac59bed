package dev.foundation.benchmarks.events;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Throughput of 64-byte events through a bounded, blocking pipe: Foundation's memory stream against the JDK's
 * {@code SubmissionPublisher} and the LMAX Disruptor with three wait strategies: blocking ({@code disruptor}),
 * phased spin-yield-park like Foundation's workers ({@code disruptorPhased}), and yielding, which never parks
 * ({@code disruptorYielding}). For 1 publisher to 1 consumer, 4 publishers to 1, and 1 publisher to 4 consumers
 * (each sees every event). An operation is one publish; as every pipe blocks its publishers when the slowest
 * consumer is a full buffer (8192) behind, the steady-state publish rate is the end-to-end rate.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EventsBenchmark {

    /** One pipe per trial. */
    @State(Scope.Benchmark)
    public static class PipeState {
        /** Which implementation; set by each benchmark through its state subclass. */
        Pipes.Pipe pipe;
        final byte[] event = new byte[Pipes.PAYLOAD];

        /** Closes the pipe. */
        @TearDown
        public void close() {
            pipe.close();
        }
    }

    /** Foundation, 1 consumer. */
    public static class Foundation1 extends PipeState {
        /** Creates the pipe. */
        @Setup
        public void setUp() {
            pipe = Pipes.foundation(1);
        }
    }

    /** Foundation, 4 consumers. */
    public static class Foundation4 extends PipeState {
        /** Creates the pipe. */
        @Setup
        public void setUp() {
            pipe = Pipes.foundation(4);
        }
    }

    /** SubmissionPublisher, 1 consumer. */
    public static class Submission1 extends PipeState {
        /** Creates the pipe. */
        @Setup
        public void setUp() {
            pipe = Pipes.submissionPublisher(1);
        }
    }

    /** SubmissionPublisher, 4 consumers. */
    public static class Submission4 extends PipeState {
        /** Creates the pipe. */
        @Setup
        public void setUp() {
            pipe = Pipes.submissionPublisher(4);
        }
    }

    /** Disruptor, 1 consumer. */
    public static class Disruptor1 extends PipeState {
        /** Creates the pipe. */
        @Setup
        public void setUp() {
            pipe = Pipes.disruptor(1);
        }
    }

    /** Disruptor, 4 consumers. */
    public static class Disruptor4 extends PipeState {
        /** Creates the pipe. */
        @Setup
        public void setUp() {
            pipe = Pipes.disruptor(4);
        }
    }

    /** Disruptor with the phased back-off wait strategy, 1 consumer. */
    public static class DisruptorPhased1 extends PipeState {
        /** Creates the pipe. */
        @Setup
        public void setUp() {
            pipe = Pipes.disruptorPhased(1);
        }
    }

    /** Disruptor with the phased back-off wait strategy, 4 consumers. */
    public static class DisruptorPhased4 extends PipeState {
        /** Creates the pipe. */
        @Setup
        public void setUp() {
            pipe = Pipes.disruptorPhased(4);
        }
    }

    /** Disruptor with the yielding wait strategy, 1 consumer. */
    public static class DisruptorYielding1 extends PipeState {
        /** Creates the pipe. */
        @Setup
        public void setUp() {
            pipe = Pipes.disruptorYielding(1);
        }
    }

    /** Disruptor with the yielding wait strategy, 4 consumers. */
    public static class DisruptorYielding4 extends PipeState {
        /** Creates the pipe. */
        @Setup
        public void setUp() {
            pipe = Pipes.disruptorYielding(4);
        }
    }

    /** @param s state */
    @Benchmark
    @Threads(1)
    public void foundation_oneToOne(Foundation1 s) {
        s.pipe.publish(s.event);
    }

    /** @param s state */
    @Benchmark
    @Threads(1)
    public void submissionPublisher_oneToOne(Submission1 s) {
        s.pipe.publish(s.event);
    }

    /** @param s state */
    @Benchmark
    @Threads(1)
    public void disruptor_oneToOne(Disruptor1 s) {
        s.pipe.publish(s.event);
    }

    /** @param s state */
    @Benchmark
    @Threads(1)
    public void disruptorPhased_oneToOne(DisruptorPhased1 s) {
        s.pipe.publish(s.event);
    }

    /** @param s state */
    @Benchmark
    @Threads(1)
    public void disruptorYielding_oneToOne(DisruptorYielding1 s) {
        s.pipe.publish(s.event);
    }

    /** @param s state */
    @Benchmark
    @Threads(4)
    public void foundation_fourToOne(Foundation1 s) {
        s.pipe.publish(s.event);
    }

    /** @param s state */
    @Benchmark
    @Threads(4)
    public void submissionPublisher_fourToOne(Submission1 s) {
        s.pipe.publish(s.event);
    }

    /** @param s state */
    @Benchmark
    @Threads(4)
    public void disruptor_fourToOne(Disruptor1 s) {
        s.pipe.publish(s.event);
    }

    /** @param s state */
    @Benchmark
    @Threads(4)
    public void disruptorPhased_fourToOne(DisruptorPhased1 s) {
        s.pipe.publish(s.event);
    }

    /** @param s state */
    @Benchmark
    @Threads(4)
    public void disruptorYielding_fourToOne(DisruptorYielding1 s) {
        s.pipe.publish(s.event);
    }

    /** @param s state */
    @Benchmark
    @Threads(1)
    public void foundation_oneToFour(Foundation4 s) {
        s.pipe.publish(s.event);
    }

    /** @param s state */
    @Benchmark
    @Threads(1)
    public void submissionPublisher_oneToFour(Submission4 s) {
        s.pipe.publish(s.event);
    }

    /** @param s state */
    @Benchmark
    @Threads(1)
    public void disruptor_oneToFour(Disruptor4 s) {
        s.pipe.publish(s.event);
    }

    /** @param s state */
    @Benchmark
    @Threads(1)
    public void disruptorPhased_oneToFour(DisruptorPhased4 s) {
        s.pipe.publish(s.event);
    }

    /** @param s state */
    @Benchmark
    @Threads(1)
    public void disruptorYielding_oneToFour(DisruptorYielding4 s) {
        s.pipe.publish(s.event);
    }
}
