package dev.foundation.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM ({@link CrashChild}) with SIGKILL at random moments while it publishes
 * with group commit and consumes durably, restarts it, and checks what survived: a durable subscription
 * resumes without skipping any event, and a projection never counts an event twice (or misses one).
 */
class DurableCrashIT {

    private static final int CYCLES = 50;
    private static final String EOF = "\u0000EOF";

    @TempDir
    Path dir;

    private final Random random = new Random();

    /** A running child and its output lines. */
    private static final class Child {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final Path stderr;
        volatile IOException readError;

        Child(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    readError = e; // kill() leaves the stream open, so this would be a lost tail: fail
                } finally {
                    lines.add(EOF);
                }
            }, "crash-child-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next line, or fails with the child's stderr if it ended or stalled. */
        String next() throws Exception {
            String line = lines.poll(60, TimeUnit.SECONDS);
            if (line == null || line.equals(EOF)) {
                throw new AssertionError("child ended or stalled; stderr:\n" + Files.readString(stderr));
            }
            return line;
        }
    }

    private Child start(String mode, int run) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path err = dir.resolve(mode + "-" + run + ".err");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), mode, dir.resolve("data").toString());
        pb.redirectError(err.toFile());
        return new Child(pb.start(), err);
    }

    /**
     * Kills the child with SIGKILL through its {@link ProcessHandle}: {@link Process#destroyForcibly()} also
     * closes the parent's end of the child's stdout, which loses the lines still in the pipe (the reader gets
     * "Stream closed"), and an event delivered and committed just before the kill then looks skipped.
     */
    private static void kill(Child c) throws InterruptedException {
        c.process.toHandle().destroyForcibly();
        assertThat(c.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void durableSubscriber_killedAtRandomMoments_resumesWithoutSkipping() throws Exception {
        Map<String, Long> acked = new HashMap<>();      // "p o" -> value
        Map<String, Long> delivered = new HashMap<>();  // "p o" -> value
        Map<String, Integer> runOf = new HashMap<>();   // "p o" -> the run that first delivered it
        long deliveries = 0;
        for (int run = 0; run < CYCLES; run++) {
            Child c = start("subscriber", run);
            int killAfter = 50 + random.nextInt(400);
            for (int i = 0; i < killAfter; i++) {
                String line = c.next();
                deliveries += record(line, acked, delivered, runOf, run);
            }
            kill(c);
            // lines already written to the pipe before the kill still count: read up to the pipe's end
            for (String line = c.lines.poll(30, TimeUnit.SECONDS); !EOF.equals(line);
                    line = c.lines.poll(30, TimeUnit.SECONDS)) {
                assertThat(line).as("run %d: the rest of the killed child's output", run).isNotNull();
                deliveries += record(line, acked, delivered, runOf, run);
            }
            assertThat(c.readError).as("run %d: reading the killed child's output", run).isNull();
        }
        Child last = start("subscriber-final", CYCLES);
        Map<Integer, Long> ends = new TreeMap<>();
        while (true) {
            String line = last.next();
            if (line.equals("DONE")) {
                break;
            }
            if (line.startsWith("END ")) {
                String[] f = line.split(" ");
                ends.put(Integer.parseInt(f[1]), Long.parseLong(f[2]));
            } else {
                deliveries += record(line, acked, delivered, runOf, CYCLES);
            }
        }
        assertThat(last.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(last.process.exitValue()).isZero();

        long total = 0;
        List<String> missing = new ArrayList<>();
        for (Map.Entry<Integer, Long> e : ends.entrySet()) {
            total += e.getValue();
            for (long o = 0; o < e.getValue(); o++) {
                String key = e.getKey() + " " + o;
                if (!delivered.containsKey(key)) {
                    missing.add("partition " + e.getKey() + " offset " + o + " (acknowledged: " + acked.containsKey(key)
                            + "; the offsets before and after it first delivered by run " + runOf.get(e.getKey() + " "
                            + (o - 1)) + " and " + runOf.get(e.getKey() + " " + (o + 1)) + ")");
                }
            }
        }
        assertThat(missing).as("events in the log never delivered (log ends %s; run %d is the final one)", ends,
                CYCLES).isEmpty();
        assertThat(total).as("events in the log").isGreaterThan(0);
        // every acknowledged event was delivered, intact (same value), and is within the log
        for (Map.Entry<String, Long> a : acked.entrySet()) {
            assertThat(delivered.get(a.getKey())).as("acked event %s", a.getKey()).isEqualTo(a.getValue());
        }
        // at-least-once, but resumed from committed offsets rather than from the start each time
        assertThat(deliveries).isLessThan(total + (long) CYCLES * 400);
    }

    private static int record(String line, Map<String, Long> acked, Map<String, Long> delivered,
            Map<String, Integer> runOf, int run) {
        String[] f = line.split(" ");
        String key = f[1] + " " + f[2];
        long value = Long.parseLong(f[3]);
        if (f[0].equals("A")) {
            Long before = acked.put(key, value);
            assertThat(before == null || before == value).as("offset %s acknowledged twice with different values", key)
                    .isTrue();
            return 0;
        }
        runOf.putIfAbsent(key, run);
        Long before = delivered.put(key, value);
        assertThat(before == null || before == value).as("offset %s delivered with different values", key).isTrue();
        return 1;
    }

    @Test
    void projection_killedAtRandomMoments_neverCountsAnEventTwice() throws Exception {
        Map<String, Long> acked = new HashMap<>();
        for (int run = 0; run < CYCLES; run++) {
            Child c = start("projection", run);
            int killAfter = 50 + random.nextInt(400);
            for (int i = 0; i < killAfter; i++) {
                String[] f = c.next().split(" ");
                acked.put(f[1] + " " + f[2], Long.parseLong(f[3]));
            }
            kill(c);
        }
        Child last = start("projection-final", CYCLES);
        List<String> out = new ArrayList<>();
        while (true) {
            String line = last.next();
            if (line.equals("DONE")) {
                break;
            }
            out.add(line);
        }
        assertThat(last.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String state = out.stream().filter(l -> l.startsWith("STATE ")).findFirst().orElseThrow().substring(6);
        String replay = out.stream().filter(l -> l.startsWith("REPLAY ")).findFirst().orElseThrow().substring(7);
        assertThat(state).as("projection state (count sum) equals a fresh replay of the log").isEqualTo(replay);
        long replayCount = Long.parseLong(replay.split(" ")[0]);
        assertThat(replayCount).as("the log holds every acknowledged event").isGreaterThanOrEqualTo(acked.size());
    }
}
