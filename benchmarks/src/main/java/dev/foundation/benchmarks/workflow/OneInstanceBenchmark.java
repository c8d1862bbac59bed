package dev.foundation.benchmarks.workflow;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Durable steps per second of a 5-step no-op workflow, one instance at a time, on the embedded SQLite store
 * ({@code synchronous=FULL}, group commit), against the same five functions called plainly and a plain JDBC
 * insert-per-step on the same SQLite file. One operation is one step: scores are steps per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(5)
public class OneInstanceBenchmark {

    private static final int INSTANCES = 1;

    private FiveStepBench bench;

    /** Opens the engine and the JDBC baseline on a fresh SQLite file. */
    @Setup
    public void setUp() {
        bench = new FiveStepBench();
    }

    /** Closes everything and deletes the file. */
    @TearDown
    public void tearDown() {
        bench.close();
    }

    /**
     * Foundation: durable steps, each start and result checkpointed.
     *
     * @return completed instances
     */
    @Benchmark
    public int foundation_durableSteps() {
        return bench.foundation(INSTANCES);
    }

    /**
     * Anchor: the same functions called plainly, nothing stored.
     *
     * @return a checksum
     * @throws Exception never in practice
     */
    @Benchmark
    public long plain_durableSteps() throws Exception {
        return bench.plain(INSTANCES);
    }

    /**
     * Anchor: one autocommitted JDBC insert per step on the same SQLite file.
     *
     * @return rows inserted
     * @throws Exception on a database error
     */
    @Benchmark
    public int jdbc_durableSteps() throws Exception {
        return bench.jdbc(INSTANCES);
    }
}
