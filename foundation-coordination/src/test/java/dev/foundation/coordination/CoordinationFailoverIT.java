package dev.foundation.coordination;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.properties.ClusterProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills the leader's JVM with {@code destroyForcibly()} 20 times. Each time a new leader (another process) must
 * take over with a higher term; the fenced resource in this JVM must never accept a write whose term is lower
 * than one it accepted, and no term may ever be used by two processes. Failover times (kill to first accepted
 * write of the new term) are recorded and printed as p50/max.
 */
class CoordinationFailoverIT {

    static final String QUEUE = "foundation.it.writes";
    static final String ELECTION = "failover";
    private static final int KILLS = 20;
    private static final int CHILDREN = 3;

    @TempDir
    Path logs;

    /**
     * The observer member only reads the writes queue, and keeps Hazelcast's default of acknowledging a queue
     * operation whose backup (on a killed child) never answered: a poll failing as indeterminate could drop a write
     * from the check. The children run the coordination under test with Foundation's setting.
     */
    private final TestClusters cluster = new TestClusters(EmbeddedMemberConfig.forTesting()
            .property(ClusterProperty.FAIL_ON_INDETERMINATE_OPERATION_STATE.getName(), "false").build());
    private final Map<String, Process> children = new HashMap<>();
    private int started;

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Process p : children.values()) {
            p.destroyForcibly();
        }
        for (Process p : children.values()) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
        cluster.close();
    }

    private void startChild() throws IOException {
        String name = "child-" + (++started);
        EmbeddedMemberConfig s = cluster.settings();
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), ChildMember.class.getName(),
                s.clusterName(), Integer.toString(s.port()), Integer.toString(s.portCount()), name);
        pb.redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile());
        children.put(name, pb.start());
    }

    /** One accepted or rejected write, parsed. */
    private record Write(String child, long term, long arrivedNanos) {
        static Write parse(String s) {
            String[] parts = s.split("\\|");
            return new Write(parts[0], Long.parseLong(parts[1]), System.nanoTime());
        }
    }

    @Test
    void killingTheLeader20Times_electsANewLeaderEachTime_andTheFencedResourceNeverAcceptsAStaleTerm()
            throws Exception {
        HazelcastInstance observer = cluster.start();
        IQueue<String> writes = observer.getQueue(QUEUE);
        FencedResource resource = new FencedResource("ledger");
        Map<Long, String> termOwner = new HashMap<>();
        List<Long> failoverMillis = new ArrayList<>();
        for (int i = 0; i < CHILDREN; i++) {
            startChild();
        }

        // Three JVMs starting at once on a loaded 2-core machine took over 60 s to form a cluster and elect.
        Write leader = nextAccepted(writes, resource, termOwner, 0, Duration.ofSeconds(180));
        for (int kill = 0; kill < KILLS; kill++) {
            // One crash at a time: every child joined (so that the member count tells when the victim has left)
            // and every partition has its backup again.
            applyWritesUntil(() -> observer.getCluster().getMembers().size() >= CHILDREN + 1
                    && observer.getPartitionService().isClusterSafe(), writes, resource, termOwner, Long.MAX_VALUE,
                    () -> "cluster not safe with " + CHILDREN + " children within 60 s: members="
                            + observer.getCluster().getMembers());
            Process victim = children.remove(leader.child());
            assertThat(victim).as("leader %s is a live child", leader.child()).isNotNull();
            long killedAt = System.nanoTime();
            victim.destroyForcibly();
            // The replacement starts once the dead member has left: it may bind the dead member's port, and a new
            // member at the address of one still in the member list confused the cluster once (CI, JDK 25: a
            // partition of the elections map stayed unmigrated for minutes after the sixth kill, with "Local UUID
            // mismatch" heartbeats).
            String killed = leader.child();
            Write next = applyWritesUntil(() -> observer.getCluster().getMembers().size() == CHILDREN, writes,
                    resource, termOwner, leader.term(), () -> "cluster did not shrink to " + CHILDREN
                            + " members within 60 s after the kill of " + killed + ": members="
                            + observer.getCluster().getMembers());
            startChild();
            if (next == null) {
                next = nextAccepted(writes, resource, termOwner, leader.term(), Duration.ofSeconds(60));
            }
            assertThat(next.term()).isGreaterThan(leader.term());
            assertThat(next.child()).isNotEqualTo(leader.child());
            failoverMillis.add(TimeUnit.NANOSECONDS.toMillis(next.arrivedNanos() - killedAt));
            System.out.printf("kill %d: %s (term %d) -> %s (term %d) in %d ms%n", kill + 1, leader.child(),
                    leader.term(), next.child(), next.term(), failoverMillis.get(failoverMillis.size() - 1));
            victim.waitFor(10, TimeUnit.SECONDS);
            leader = next;
        }

        List<Long> sorted = new ArrayList<>(failoverMillis);
        sorted.sort(null);
        long p50 = sorted.get(sorted.size() / 2);
        long max = sorted.get(sorted.size() - 1);
        System.out.printf("FAILOVER kills=%d p50=%dms max=%dms all=%s rejectedStaleWrites=%d acceptedWrites=%d%n",
                KILLS, p50, max, failoverMillis, resource.rejectedCount(), resource.acceptedCount());
        assertThat(failoverMillis).hasSize(KILLS);
        assertThat(termOwner).hasSizeGreaterThanOrEqualTo(KILLS + 1);
    }

    /**
     * Applies writes to the fenced resource until {@code done} holds (polled between writes, 60 s at most).
     *
     * @return the first write accepted meanwhile with a term above {@code above}, or null
     */
    private Write applyWritesUntil(BooleanSupplier done, IQueue<String> writes, FencedResource resource,
                                   Map<Long, String> termOwner, long above, Supplier<String> failure)
            throws InterruptedException {
        Write first = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.get() + ", alive children=" + children.keySet() + logTails());
            }
            String raw = writes.poll(50, TimeUnit.MILLISECONDS); // keep checking writes while waiting
            if (raw != null) {
                Write w = Write.parse(raw);
                if (apply(w, resource, termOwner) && w.term() > above && first == null) {
                    first = w;
                }
            }
        }
        return first;
    }

    /**
     * Applies writes to the fenced resource until one is accepted with a term above {@code above}. Checks on every
     * write: a term is only ever used by one process, and an accepted write is never older than the newest
     * accepted one (a rejected write must be older).
     */
    private Write nextAccepted(IQueue<String> queue, FencedResource resource, Map<Long, String> termOwner, long above,
                               Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String raw = queue.poll(100, TimeUnit.MILLISECONDS);
            if (raw == null) {
                continue;
            }
            Write w = Write.parse(raw);
            if (apply(w, resource, termOwner) && w.term() > above) {
                return w;
            }
        }
        throw new AssertionError("no write with a term above " + above + " within " + timeout + logTails());
    }

    /** Applies one write; checks a term is used by one process only and the resource's decision. */
    private static boolean apply(Write w, FencedResource resource, Map<Long, String> termOwner) {
        String owner = termOwner.putIfAbsent(w.term(), w.child());
        assertThat(owner == null ? w.child() : owner).as("term %s used by one process only", w.term())
                .isEqualTo(w.child());
        long highestBefore = resource.highestToken();
        try {
            resource.write(w.term(), () -> { });
            assertThat(w.term()).isGreaterThanOrEqualTo(highestBefore);
            return true;
        } catch (StaleTokenException stale) {
            assertThat(w.term()).isLessThan(highestBefore);
            return false;
        }
    }

    private String logTails() {
        StringBuilder tails = new StringBuilder();
        try (var files = java.nio.file.Files.list(logs)) {
            for (Path f : files.sorted().toList()) {
                List<String> lines = java.nio.file.Files.readAllLines(f);
                tails.append("\n== ").append(f.getFileName()).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        } catch (IOException e) {
            tails.append(e);
        }
        return tails.toString();
    }
}
