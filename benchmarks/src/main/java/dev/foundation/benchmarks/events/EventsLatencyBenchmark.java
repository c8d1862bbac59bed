package dev.foundation.benchmarks.events;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;

/**
 * Publish-to-delivery latency (p50/p99 from JMH's sample-time mode) of one 64-byte event on an idle pipe: one
 * publisher publishes and spins until every consumer (1, or 4) has received it. Consumers end up parked when
 * idle in all three pipes (SubmissionPublisher's executor, the Disruptor's blocking wait strategy), but
 * Foundation's workers first spin and yield for a few microseconds, so back-to-back round trips usually find
 * them awake: this measures Foundation mostly without a wake-up and the anchors with one.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class EventsLatencyBenchmark {

    private static long roundTrip(EventsBenchmark.PipeState s) {
        long target = s.pipe.minReceived() + 1;
        s.pipe.publish(s.event);
        long seen;
        while ((seen = s.pipe.minReceived()) < target) {
            Thread.onSpinWait();
        }
        return seen;
    }

    /** @param s state @return received */
    @Benchmark
    public long foundation_oneToOne(EventsBenchmark.Foundation1 s) {
        return roundTrip(s);
    }

    /** @param s state @return received */
    @Benchmark
    public long submissionPublisher_oneToOne(EventsBenchmark.Submission1 s) {
        return roundTrip(s);
    }

    /** @param s state @return received */
    @Benchmark
    public long disruptor_oneToOne(EventsBenchmark.Disruptor1 s) {
        return roundTrip(s);
    }

    /** @param s state @return received */
    @Benchmark
    public long foundation_oneToFour(EventsBenchmark.Foundation4 s) {
        return roundTrip(s);
    }

    /** @param s state @return received */
    @Benchmark
    public long submissionPublisher_oneToFour(EventsBenchmark.Submission4 s) {
        return roundTrip(s);
    }

    /** @param s state @return received */
    @Benchmark
    public long disruptor_oneToFour(EventsBenchmark.Disruptor4 s) {
        return roundTrip(s);
    }
}
