package dev.foundation.coordination;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A cluster member in its own JVM for {@link CoordinationPauseIT}: it competes for the election "fault" and for
 * the lock "fault", and reports on standard output, one line per event, with {@link System#nanoTime()} stamps
 * (CLOCK_MONOTONIC on Linux, so comparable across the processes of one machine):
 * <ul>
 *   <li>{@code W name term nanos}: a write made as leader (stamped, then checked with {@code isLeader()});</li>
 *   <li>{@code L name token nanos}: a write made as lock holder (stamped, then checked with {@code isValid()});</li>
 *   <li>{@code E name term nanos} / {@code R name term nanos}: elected / revoked (listener calls);</li>
 *   <li>{@code X name token nanos}: the lock's lost listener was called;</li>
 *   <li>{@code M name size nanos}: the member count this member sees changed;</li>
 *   <li>{@code C name value nanos}: an increment of the linearizable counter "fault" was acknowledged with
 *       {@code value}; {@code F name 0 nanos}: one was refused ({@link ClusterBelowMinimumSizeException} or another
 *       {@link CoordinationException}); {@code I name 0 nanos}: one was not acknowledged
 *       ({@link IndeterminateUpdateException});</li>
 *   <li>{@code TL name took nanos} / {@code TC name took nanos}: one {@code tryAcquire} / one counter increment
 *       returned or threw after {@code took} ns ({@code nanos}: when it was called).</li>
 * </ul>
 * Arguments: cluster name, first port, port count, member name, and optionally the bind address and the
 * comma-separated member addresses (for members in network namespaces). Exits when standard input closes.
 */
public final class FaultChild {

    static final String ELECTION = "fault";
    static final String LOCK = "fault";
    static final String COUNTER = "fault";
    static final Duration LEASE = Duration.ofMillis(1500);
    static final Duration MAX_NO_HEARTBEAT = Duration.ofSeconds(12);
    static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(3);
    /** How long the lock writer's {@code tryAcquire} waits for the lock. */
    static final Duration LOCK_WAIT = Duration.ofMillis(500);

    private static final PrintStream OUT = System.out;

    private FaultChild() {
    }

    private static synchronized void report(String kind, String name, long value) {
        long now = System.nanoTime();
        OUT.println(kind + " " + name + " " + value + " " + now);
        OUT.flush();
    }

    private static synchronized void report(String kind, String name, long value, long nanos) {
        OUT.println(kind + " " + name + " " + value + " " + nanos);
        OUT.flush();
    }

    public static void main(String[] args) throws Exception {
        String name = args[3];
        EmbeddedMemberConfig.Builder settings = EmbeddedMemberConfig.forTesting()
                .clusterName(args[0]).port(Integer.parseInt(args[1])).portCount(Integer.parseInt(args[2]))
                .maxNoHeartbeat(MAX_NO_HEARTBEAT).minimumClusterSize(2);
        if (args.length > 5) {
            settings.bindAddress(args[4]).members(java.util.List.of(args[5].split(",")));
        }
        HazelcastInstance hz = HazelcastMembers.embedded(settings.build());
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                report("M", name, event.getMembers().size());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                report("M", name, event.getMembers().size());
            }
        });
        report("M", name, hz.getCluster().getMembers().size());
        Coordination coordination = Coordination.hazelcast(hz, CoordinationConfig.custom()
                .leaderLease(LEASE).minimumClusterSize(2).operationTimeout(OPERATION_TIMEOUT).build());
        AtomicReference<Leadership> term = new AtomicReference<>();
        LeaderElection election = coordination.election(ELECTION, new LeadershipListener() {
            @Override
            public void elected(Leadership leadership) {
                term.set(leadership);
                report("E", name, leadership.term());
            }

            @Override
            public void revoked(Leadership leadership) {
                term.compareAndSet(leadership, null);
                report("R", name, leadership.term());
            }
        });
        Thread leaderWriter = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Leadership l = term.get();
                long stamp = System.nanoTime();
                if (l != null && election.isLeader()) {
                    report("W", name, l.term(), stamp);
                }
                if (!pace()) {
                    return;
                }
            }
        }, "leader-writer");
        leaderWriter.setDaemon(true);
        leaderWriter.start();
        Thread lockWriter = new Thread(() -> {
            DistributedLock lock = coordination.lock(LOCK, LockOptions.defaults()
                    .onLost((lease, cause) -> report("X", name, lease.fencingToken())));
            while (!Thread.currentThread().isInterrupted()) {
                Optional<LockLease> held;
                long called = System.nanoTime();
                try {
                    held = lock.tryAcquire(LOCK_WAIT, LEASE);
                } catch (CoordinationException e) {
                    report("TL", name, System.nanoTime() - called, called);
                    if (!pace()) {
                        return;
                    }
                    continue;
                }
                report("TL", name, System.nanoTime() - called, called);
                if (held.isEmpty()) {
                    continue;
                }
                try (LockLease lease = held.get()) {
                    while (true) {
                        long stamp = System.nanoTime();
                        if (!lease.isValid()) {
                            break;
                        }
                        report("L", name, lease.fencingToken(), stamp);
                        if (!pace()) {
                            return;
                        }
                    }
                }
            }
        }, "lock-writer");
        lockWriter.setDaemon(true);
        lockWriter.start();
        Thread counterWriter = new Thread(() -> {
            Counter counter = coordination.counter(COUNTER);
            while (!Thread.currentThread().isInterrupted()) {
                long called = System.nanoTime();
                try {
                    report("C", name, counter.incrementAndGet());
                } catch (IndeterminateUpdateException e) {
                    report("I", name, 0);
                } catch (CoordinationException e) {
                    report("F", name, 0);
                }
                report("TC", name, System.nanoTime() - called, called);
                if (!pace()) {
                    return;
                }
            }
        }, "counter-writer");
        counterWriter.setDaemon(true);
        counterWriter.start();
        report("READY", name, 0);
        while (System.in.read() >= 0) {
            // the parent keeps stdin open while it wants us alive
        }
        leaderWriter.interrupt();
        lockWriter.interrupt();
        counterWriter.interrupt();
        coordination.close();
        hz.getLifecycleService().terminate();
    }

    /** The writers' pace (20 ms between writes), not a wait for state; false when interrupted. */
    private static boolean pace() {
        try {
            Thread.sleep(20);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
