package dev.foundation.benchmarks.federation;

import dev.foundation.federation.Federation;
import dev.foundation.federation.FederationBuilder;
import dev.foundation.federation.Pool;
import dev.foundation.federation.PoolCall;
import dev.foundation.federation.Strategy;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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

/**
 * One call on one thread over four pools whose work is nothing: what selecting a pool, taking and giving back its
 * breaker and bulkhead permits and counting the call in flight cost, against picking the next element of an array
 * (report only, no goal), and against the same array guarded by hand with a Resilience4j breaker and bulkhead.
 * The smooth weighted and least-loaded strategies are measured beside round robin.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class SelectionBenchmark {

    private static final PoolCall<Integer, Integer> CALL = r -> r;

    private Federation<Integer> roundRobin;
    private Federation<Integer> smoothWeighted;
    private Federation<Integer> leastLoaded;
    private final Integer[] array = {0, 1, 2, 3};
    private int next;
    private final CircuitBreaker[] breakers = new CircuitBreaker[4];
    private final Bulkhead[] bulkheads = new Bulkhead[4];
    private int nextGuarded;

    private static Federation<Integer> federation(String name, Strategy strategy) {
        return Federation.<Integer>builder(name).strategy(strategy)
                .pool(Pool.of("p0", 0).withWeight(4)).pool(Pool.of("p1", 1).withWeight(3))
                .pool(Pool.of("p2", 2).withWeight(2)).pool(Pool.of("p3", 3)).build();
    }

    /** Builds the federations. */
    @Setup(Level.Trial)
    public void setUp() {
        roundRobin = federation("rr", Strategy.roundRobin());
        smoothWeighted = federation("swrr", Strategy.smoothWeighted());
        leastLoaded = federation("ll", Strategy.leastLoaded());
        for (int i = 0; i < 4; i++) {
            breakers[i] = CircuitBreaker.of("b" + i, FederationBuilder.DEFAULT_CIRCUIT_BREAKER);
            bulkheads[i] = Bulkhead.of("b" + i, BulkheadConfig.custom().maxConcurrentCalls(64)
                    .maxWaitDuration(Duration.ZERO).fairCallHandlingStrategyEnabled(false).build());
        }
    }

    /** Closes them. */
    @TearDown(Level.Trial)
    public void tearDown() {
        roundRobin.close();
        smoothWeighted.close();
        leastLoaded.close();
    }

    /**
     * Foundation: a federated call, round robin.
     *
     * @return the resource
     */
    @Benchmark
    public Integer foundation_roundRobin() {
        return roundRobin.execute(CALL);
    }

    /**
     * Anchor: the next element of an array, then the same call.
     *
     * @return the resource
     * @throws Exception never
     */
    @Benchmark
    public Integer array_roundRobin() throws Exception {
        int i = next;
        next = i == array.length - 1 ? 0 : i + 1;
        return CALL.call(array[i]);
    }

    /**
     * Anchor: the next element of an array guarded by hand with its own Resilience4j circuit breaker and bulkhead
     * (permits taken, outcome recorded): what the federation adds beyond Resilience4j itself.
     *
     * @return the resource
     * @throws Exception never
     */
    @Benchmark
    public Integer resilience4j_roundRobin() throws Exception {
        int i = nextGuarded;
        nextGuarded = i == array.length - 1 ? 0 : i + 1;
        Bulkhead bulkhead = bulkheads[i];
        CircuitBreaker breaker = breakers[i];
        if (!bulkhead.tryAcquirePermission()) {
            throw new IllegalStateException("full");
        }
        try {
            if (!breaker.tryAcquirePermission()) {
                throw new IllegalStateException("open");
            }
            long start = System.nanoTime();
            Integer r = CALL.call(array[i]);
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return r;
        } finally {
            bulkhead.onComplete();
        }
    }

    /**
     * Foundation: a federated call, smooth weighted round robin (weights 4, 3, 2, 1).
     *
     * @return the resource
     */
    @Benchmark
    public Integer foundation_smoothWeighted() {
        return smoothWeighted.execute(CALL);
    }

    /**
     * Foundation: a federated call, least loaded.
     *
     * @return the resource
     */
    @Benchmark
    public Integer foundation_leastLoaded() {
        return leastLoaded.execute(CALL);
    }
}
