package dev.foundation.coordination;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pauses (SIGSTOP) the leader, then the lock holder, of a three-member cluster (each member its own JVM, minimum
 * cluster size 2), ten times each, past its lease: until another member has taken over, or for two leases if
 * the paused member owns the record's partition (then nobody can take over before it runs again); then resumes
 * it (SIGCONT). A last cycle pauses the leader until the others have declared it dead, and waits for it to rejoin
 * by a split-brain merge. Every write each
 * member makes while it believes it leads (or holds the lock) is stamped with the machine's monotonic clock, and
 * checked afterwards: no write of an older term (token) may be stamped after the first write of a newer one (no
 * window with two leaders or two holders among awake members), and a fenced resource fed the writes in stamp
 * order accepts them all (a rejected write would be a stale token that was acted on). No lock or counter call of
 * an awake member may outlast the {@code operationTimeout} bound (see {@link Calls}). Failover times (stop to the
 * first write of the new term) are printed as p50/max.
 */
class CoordinationPauseIT {

    private static final int CHILDREN = 3;
    private static final int CYCLES = Integer.getInteger("foundation.pause.cycles", 10);
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(90);
    /**
     * The longest pause of a cycle that waits for a takeover: past the lease, short of failure detection. While
     * the paused member holds the primary or the backup replica of the record's partition, a grant waits for it
     * (or for Hazelcast's backup timeout), so most takeovers happen right after SIGCONT.
     */
    private static final long PAUSE_NANOS = FaultChild.LEASE.multipliedBy(2).toNanos();

    @TempDir
    Path logs;

    private final Map<String, Process> children = new LinkedHashMap<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> memberCounts = new ConcurrentHashMap<>();
    private final List<Thread> readers = new ArrayList<>();
    /** Each child's pause windows (SIGSTOP to SIGCONT): its own calls that span one are not timed. */
    private final Map<String, List<long[]>> paused = new ConcurrentHashMap<>();

    /** One reported line. */
    record Event(String kind, String child, long value, long nanos) {
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Process p : children.values()) {
            ProcessHandle.of(p.pid()).ifPresent(h -> signal(h.pid(), "CONT"));
            p.destroyForcibly();
        }
        for (Process p : children.values()) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (Thread t : readers) {
            t.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    @Test
    void pausingTheLeaderAndTheLockHolderPastTheirLease_neverLeavesTwoAwakeHolders() throws Exception {
        // One port per child, so each lists exactly the others' addresses: a lone member's merge search then finds
        // the majority at once instead of first trying ports nobody listens on.
        EmbeddedMemberConfig s = EmbeddedMemberConfig.forTesting().portCount(CHILDREN).build();
        for (int i = 1; i <= CHILDREN; i++) {
            start(s, "child-" + i);
        }
        awaitCondition(this::fullCluster, () -> "cluster of " + CHILDREN + " did not form");
        List<Long> leaderFailovers = new ArrayList<>();
        List<Long> lockFailovers = new ArrayList<>();
        List<Long> rejoins = new ArrayList<>();
        int cycles = 2 * CYCLES + 1;
        for (int cycle = 0; cycle < cycles; cycle++) {
            String kind = cycle % 2 == 0 ? "W" : "L";
            // The last cycle pauses the leader until the others have declared it dead, so that it must rejoin.
            boolean untilDeclaredDead = cycle == cycles - 1;
            awaitCondition(() -> fullCluster() && latest(kind) != null, () -> "no " + kind + " writes");
            Event holder = latest(kind);
            Process victim = children.get(holder.child());
            long stoppedAt = System.nanoTime();
            signal(victim.pid(), "STOP");
            try {
                if (untilDeclaredDead) {
                    // Declared dead: every other member has dropped it. When the paused member was Hazelcast's
                    // master, the other two sometimes also drop each other (each then a one-member cluster that
                    // refuses everything under minimumClusterSize 2) and merge back only once the paused member
                    // answers again, so the condition is that no other member still counts all three.
                    awaitCondition(() -> othersDropped(holder.child()),
                            () -> "the others did not declare " + holder.child() + " dead");
                } else {
                    // Past the lease: until another member took over, or for at most PAUSE (if the paused member
                    // owns the partition of the lease record, nobody can take over before it runs again).
                    awaitCondition(() -> firstAbove(kind, holder.value(), stoppedAt) != null
                            || System.nanoTime() - stoppedAt > PAUSE_NANOS, () -> "unreachable");
                }
            } finally {
                signal(victim.pid(), "CONT");
                paused.computeIfAbsent(holder.child(), c -> new CopyOnWriteArrayList<>())
                        .add(new long[] {stoppedAt, System.nanoTime()});
            }
            long resumedAt = System.nanoTime();
            awaitCondition(() -> firstAbove(kind, holder.value(), stoppedAt) != null,
                    () -> "nobody took over from " + holder + " within 90 s");
            Event next = firstAbove(kind, holder.value(), stoppedAt);
            (kind.equals("W") ? leaderFailovers : lockFailovers).add(TimeUnit.NANOSECONDS.toMillis(
                    next.nanos() - stoppedAt));
            awaitCondition(this::fullCluster, () -> holder.child() + " did not rejoin within 90 s of SIGCONT");
            if (untilDeclaredDead) {
                rejoins.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumedAt));
            }
            System.out.printf("cycle %d (%s%s): %s token %d -> %s token %d in %d ms%n", cycle + 1,
                    kind.equals("W") ? "leader" : "lock holder", untilDeclaredDead ? ", declared dead" : "",
                    holder.child(), holder.value(), next.child(), next.value(),
                    TimeUnit.NANOSECONDS.toMillis(next.nanos() - stoppedAt));
        }

        // Let the surviving counter pass every value acknowledged so far, so that a lost increment shows.
        long lastCycle = System.nanoTime();
        long highest = highestAcknowledged(events, lastCycle);
        awaitCondition(() -> acknowledgedAtLeast(events, highest, lastCycle),
                () -> "the counter did not pass " + highest + " after the last cycle");
        Verdict leaders = verdict("W");
        Verdict locks = verdict("L");
        CounterVerdict counter = counterVerdict(events);
        Calls calls = calls(events, paused);
        System.out.printf("PAUSE leader failover p50=%dms max=%dms all=%s; lock failover p50=%dms max=%dms all=%s; "
                        + "rejoin after SIGCONT (declared dead) all=%s; leader: %s; lock: %s; counter: %s; %s%n",
                p50(leaderFailovers), max(leaderFailovers), leaderFailovers, p50(lockFailovers), max(lockFailovers),
                lockFailovers, rejoins, leaders, locks, counter, calls);
        calls.assertBounded();
        assertThat(counter.lost()).as("acknowledged counter increments lost: %s", counter).isZero();
        assertThat(counter.acknowledged()).as("counter increments acknowledged").isPositive();
        assertThat(leaders.overlaps()).as("windows with two awake leaders: %s", leaders).isZero();
        assertThat(leaders.staleAccepted()).as("stale terms acted on: %s", leaders).isZero();
        assertThat(locks.overlaps()).as("windows with two awake lock holders: %s", locks).isZero();
        assertThat(locks.staleAccepted()).as("stale tokens acted on: %s", locks).isZero();
        assertThat(leaders.terms()).isGreaterThan(CYCLES);
        assertThat(locks.terms()).isGreaterThan(CYCLES);
    }

    /**
     * What the counter increments show: acknowledged ({@code C}), refused ({@code F}), not acknowledged
     * ({@code I}), and acknowledged increments that were lost. Every increment returns the counter's new value, so
     * on the surviving history each value is returned once; an acknowledged increment that was later discarded
     * shows as a value acknowledged twice, once the surviving counter has passed it (see
     * {@link #highestAcknowledged}).
     */
    record CounterVerdict(int acknowledged, int refused, int indeterminate, int lost, List<Long> lostValues) {
    }

    static CounterVerdict counterVerdict(List<Event> events) {
        Map<Long, Integer> times = new HashMap<>();
        int refused = 0;
        int indeterminate = 0;
        int acknowledged = 0;
        for (Event e : events) {
            switch (e.kind()) {
                case "C" -> {
                    acknowledged++;
                    times.merge(e.value(), 1, Integer::sum);
                }
                case "F" -> refused++;
                case "I" -> indeterminate++;
                default -> { }
            }
        }
        List<Long> lostValues = times.entrySet().stream().filter(t -> t.getValue() > 1).map(Map.Entry::getKey)
                .sorted().toList();
        int lost = times.values().stream().mapToInt(n -> n - 1).sum();
        return new CounterVerdict(acknowledged, refused, indeterminate, lost, lostValues);
    }

    /** The highest counter value acknowledged so far stamped before {@code before}, or -1. */
    static long highestAcknowledged(List<Event> events, long before) {
        return events.stream().filter(e -> e.kind().equals("C") && e.nanos() - before < 0)
                .mapToLong(Event::value).max().orElse(-1);
    }

    /** Whether a counter increment stamped after {@code after} was acknowledged with at least {@code value}. */
    static boolean acknowledgedAtLeast(List<Event> events, long value, long after) {
        return events.stream().anyMatch(e -> e.kind().equals("C") && e.nanos() - after > 0 && e.value() >= value);
    }

    /**
     * The longest {@code tryAcquire} and counter increment of awake members ({@code TL} / {@code TC} lines): a
     * call that spans its own member's pause is left out, every other call (on members that waited for a paused
     * or cut-off partition owner) counts.
     */
    record Calls(int lockCalls, long longestLockMillis, int counterCalls, long longestCounterMillis) {

        /** Slack for scheduling and garbage collection on a loaded 2-core machine. */
        static final long SLACK_MILLIS = 2_000;

        /**
         * Asserts the README's bound: a counter call waits at most {@code operationTimeout}; {@code tryAcquire}
         * waits its {@code wait}, plus one {@code operationTimeout} for the attempt in flight and one for the
         * retry an unconfirmed grant gets. Hazelcast's own call timeout (60 s) was the bound before.
         */
        void assertBounded() {
            long operation = FaultChild.OPERATION_TIMEOUT.toMillis();
            assertThat(counterCalls).as("timed counter calls").isPositive();
            assertThat(lockCalls).as("timed lock calls").isPositive();
            assertThat(longestCounterMillis).as("longest counter increment, ms (%s)", this)
                    .isLessThanOrEqualTo(operation + SLACK_MILLIS);
            assertThat(longestLockMillis).as("longest tryAcquire, ms (%s)", this)
                    .isLessThanOrEqualTo(FaultChild.LOCK_WAIT.toMillis() + 2 * operation + SLACK_MILLIS);
        }
    }

    static Calls calls(List<Event> events, Map<String, List<long[]>> pausedWindows) {
        int lockCalls = 0;
        int counterCalls = 0;
        long lock = 0;
        long counter = 0;
        for (Event e : events) {
            boolean isLock = e.kind().equals("TL");
            if (!isLock && !e.kind().equals("TC")) {
                continue;
            }
            long start = e.nanos();
            long end = start + e.value();
            boolean spansOwnPause = pausedWindows.getOrDefault(e.child(), List.of()).stream()
                    .anyMatch(w -> start - w[1] < 0 && end - w[0] > 0);
            if (spansOwnPause) {
                continue;
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(e.value());
            if (isLock) {
                lockCalls++;
                lock = Math.max(lock, millis);
            } else {
                counterCalls++;
                counter = Math.max(counter, millis);
            }
        }
        return new Calls(lockCalls, lock, counterCalls, counter);
    }

    /** What the writes of one kind show. */
    record Verdict(int terms, int writes, int overlaps, int staleAccepted, List<String> examples) {
    }

    private Verdict verdict(String kind) {
        return verdict(events, kind);
    }

    /**
     * Checks the stamped writes of one kind (W: leader, L: lock holder): each token used by one member, windows
     * where an older token was still written after a newer one began, and writes a fenced resource fed in stamp
     * order rejects.
     */
    static Verdict verdict(List<Event> events, String kind) {
        List<Event> writes = events.stream().filter(e -> e.kind().equals(kind))
                .sorted((a, b) -> Long.compare(a.nanos(), b.nanos())).toList();
        TreeMap<Long, long[]> spans = new TreeMap<>(); // token -> first, last stamp
        Map<Long, String> owners = new HashMap<>();
        for (Event e : writes) {
            spans.computeIfAbsent(e.value(), t -> new long[] {e.nanos(), e.nanos()})[1] = e.nanos();
            String previous = owners.putIfAbsent(e.value(), e.child());
            assertThat(previous == null ? e.child() : previous).as("token %d used by one member", e.value())
                    .isEqualTo(e.child());
        }
        int overlaps = 0;
        List<String> examples = new ArrayList<>();
        Map.Entry<Long, long[]> prev = null;
        for (Map.Entry<Long, long[]> span : spans.entrySet()) {
            if (prev != null && prev.getValue()[1] > span.getValue()[0]) {
                overlaps++;
                examples.add(owners.get(prev.getKey()) + "/" + prev.getKey() + " wrote "
                        + TimeUnit.NANOSECONDS.toMillis(prev.getValue()[1] - span.getValue()[0]) + " ms after "
                        + owners.get(span.getKey()) + "/" + span.getKey() + " began");
            }
            prev = span;
        }
        FencedResource resource = new FencedResource(kind);
        for (Event e : writes) {
            try {
                resource.write(e.value(), () -> { });
            } catch (StaleTokenException stale) {
                // counted by the resource
            }
        }
        return new Verdict(spans.size(), writes.size(), overlaps, (int) resource.rejectedCount(), examples);
    }

    private Event latest(String kind) {
        for (int i = events.size() - 1; i >= 0; i--) {
            Event e = events.get(i);
            if (e.kind().equals(kind)) {
                return e;
            }
        }
        return null;
    }

    private Event firstAbove(String kind, long token, long after) {
        for (Event e : events) {
            if (e.kind().equals(kind) && e.value() > token && e.nanos() - after > 0) {
                return e;
            }
        }
        return null;
    }

    private boolean fullCluster() {
        return memberCounts.size() == CHILDREN
                && memberCounts.values().stream().allMatch(n -> n == CHILDREN);
    }

    private boolean othersDropped(String victim) {
        return memberCounts.entrySet().stream().filter(e -> !e.getKey().equals(victim))
                .allMatch(e -> e.getValue() < CHILDREN);
    }

    private void awaitCondition(BooleanSupplier condition, Supplier<String> failure) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(failure.get() + "; member counts " + memberCounts + logTails());
            }
            synchronized (events) {
                events.wait(50); // woken by every reported line
            }
        }
    }

    private void start(EmbeddedMemberConfig s, String name) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Dorg.slf4j.simpleLogger.log.com.hazelcast.internal.cluster="
                        + System.getProperty("foundation.pause.clusterLog", "warn"),
                "-cp", System.getProperty("java.class.path"), FaultChild.class.getName(),
                s.clusterName(), Integer.toString(s.port()), Integer.toString(s.portCount()), name);
        pb.redirectError(logs.resolve(name + ".log").toFile());
        Process p = pb.start();
        children.put(name, p);
        Thread reader = new Thread(() -> read(name, p, events, memberCounts), "reader-" + name);
        reader.setDaemon(true);
        reader.start();
        readers.add(reader);
    }

    /** Parses a child's report lines into events (and member counts), waking waiters on {@code events}. */
    static void read(String name, Process p, List<Event> events, Map<String, Integer> memberCounts) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ");
                if (f.length != 4) {
                    continue;
                }
                Event e = new Event(f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3]));
                if (e.kind().equals("M")) {
                    memberCounts.put(name, (int) e.value());
                }
                events.add(e);
                synchronized (events) {
                    events.notifyAll();
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the child ended
        }
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("could not send SIG" + signal + " to " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long p50(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    private String logTails() {
        StringBuilder tails = new StringBuilder();
        try (var files = Files.list(logs)) {
            for (Path f : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                tails.append("\n== ").append(f.getFileName()).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
            }
        } catch (IOException e) {
            tails.append(e);
        }
        return tails.toString();
    }
}
