package dev.foundation.benchmarks.coordination;

import dev.foundation.coordination.Coordination;
import dev.foundation.coordination.DistributedLock;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The local backend's uncontended fenced acquire + release against {@link ReentrantLock}: what a lease, a fencing
 * token and a watchdog cost when the lock never leaves the JVM (reported, no goal).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class LocalLockBenchmark {

    private Coordination coordination;
    private DistributedLock lock;
    private final ReentrantLock reentrantLock = new ReentrantLock();
    private long counter;

    /** Creates the local coordination. */
    @Setup(Level.Trial)
    public void setUp() {
        coordination = Coordination.local();
        lock = coordination.lock("bench");
    }

    /** Closes it. */
    @TearDown(Level.Trial)
    public void tearDown() {
        coordination.close();
    }

    /**
     * Foundation: local fenced acquire and release.
     *
     * @return the fencing token
     */
    @Benchmark
    public long foundation_localAcquireRelease() {
        try (LockLease lease = lock.acquire(Duration.ZERO, Duration.ofSeconds(30))) {
            return lease.fencingToken();
        }
    }

    /**
     * Anchor: {@code ReentrantLock.lock/unlock}.
     *
     * @return a counter bumped under the lock
     */
    @Benchmark
    public long reentrantlock_localAcquireRelease() {
        reentrantLock.lock();
        try {
            return ++counter;
        } finally {
            reentrantLock.unlock();
        }
    }
}
