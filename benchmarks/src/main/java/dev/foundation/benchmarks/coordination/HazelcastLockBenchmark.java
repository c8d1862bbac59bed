package dev.foundation.benchmarks.coordination;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import dev.foundation.coordination.Coordination;
import dev.foundation.coordination.CoordinationConfig;
import dev.foundation.coordination.Counter;
import dev.foundation.coordination.DistributedLock;
import dev.foundation.coordination.EmbeddedMemberConfig;
import dev.foundation.coordination.HazelcastMembers;
import dev.foundation.coordination.LockLease;
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

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * On one embedded Hazelcast member: an uncontended fenced acquire + release against raw
 * {@code IMap.lock(key, lease)} + {@code unlock}, and a linearizable counter increment against a raw
 * {@code IMap.executeOnKey} increment processor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class HazelcastLockBenchmark {

    private HazelcastInstance hazelcast;
    private Coordination coordination;
    private DistributedLock lock;
    private IMap<String, String> rawLocks;
    private Counter counter;
    private IMap<String, Long> rawCounters;

    /** A plain increment, as an application would write it without Foundation. */
    public static final class Increment implements EntryProcessor<String, Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long process(Map.Entry<String, Long> entry) {
            long next = (entry.getValue() == null ? 0 : entry.getValue()) + 1;
            entry.setValue(next);
            return next;
        }
    }

    /** Starts the member and both sides. */
    @Setup(Level.Trial)
    public void setUp() {
        hazelcast = HazelcastMembers.embedded(EmbeddedMemberConfig.forTesting().build());
        coordination = Coordination.hazelcast(hazelcast, CoordinationConfig.defaults());
        lock = coordination.lock("bench");
        rawLocks = hazelcast.getMap("raw-locks");
        counter = coordination.counter("bench");
        rawCounters = hazelcast.getMap("raw-counters");
    }

    /** Stops everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        coordination.close();
        hazelcast.getLifecycleService().terminate();
    }

    /**
     * Foundation: fenced acquire (entry processor, token raised) and release.
     *
     * @return the fencing token
     */
    @Benchmark
    public long foundation_acquireRelease() {
        try (LockLease lease = lock.acquire(Duration.ZERO, Duration.ofSeconds(30))) {
            return lease.fencingToken();
        }
    }

    /**
     * Anchor: {@code IMap.lock} with a lease time, then {@code unlock}.
     *
     * @return a constant
     */
    @Benchmark
    public int hazelcast_acquireRelease() {
        rawLocks.lock("bench", 30, TimeUnit.SECONDS);
        rawLocks.unlock("bench");
        return 1;
    }

    /**
     * Foundation: linearizable counter increment.
     *
     * @return the new value
     */
    @Benchmark
    public long foundation_increment() {
        return counter.incrementAndGet();
    }

    /**
     * Anchor: {@code IMap.executeOnKey} with an increment processor.
     *
     * @return the new value
     */
    @Benchmark
    public long hazelcast_increment() {
        return rawCounters.executeOnKey("bench", new Increment());
    }
}
