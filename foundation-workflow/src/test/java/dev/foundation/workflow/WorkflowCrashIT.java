package dev.foundation.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM running many workflow instances at random moments, restarts it, 30+ times; then lets it
 * finish and checks the store and the side effects.
 */
class WorkflowCrashIT {

    private static final int INSTANCES = 1200;
    private static final int CYCLES = 30;
    private static final List<String> STEPS = List.of("reserve", "charge", "email", "ship");

    @TempDir
    Path dir;

    private static long size(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private Process child(Path db, Path effects, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), db.toString(), effects.toString(), String.valueOf(INSTANCES));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return pb.start();
    }

    @Test
    void killedRepeatedly_everyInstanceCompletes_eachStepCompletionStoredOnce_sideEffectsAtLeastOnce()
            throws Exception {
        Path db = dir.resolve("wf.db");
        Path effects = dir.resolve("effects.log");
        Path log = dir.resolve("child.log");
        Random random = new Random();
        int killedWhileRunning = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            // Kill only once this child has performed fresh side effects (1 to ~100 more lines of about 70 bytes),
            // so every kill lands while steps are executing, however fast or loaded the machine is. At most ~110
            // lines per cycle over 30 cycles is fewer than the 4,800 steps, so work always remains for the kill.
            long target = size(effects) + 1 + random.nextInt(7_000);
            Process p = child(db, effects, log);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && size(effects) < target && System.nanoTime() < deadline) {
                p.waitFor(5, TimeUnit.MILLISECONDS);
            }
            if (p.isAlive()) {
                p.destroyForcibly();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                killedWhileRunning++;
            } else {
                assertThat(p.exitValue()).as("child exit, see %s", log).isZero();
            }
        }
        Process last = child(db, effects, log);
        assertThat(last.waitFor(90, TimeUnit.SECONDS)).as("final run finishes").isTrue();
        assertThat(last.exitValue()).as("final child exit code; log:%n%s", Files.readString(log)).isZero();
        assertThat(killedWhileRunning).as("kills that hit a child while it was executing steps").isEqualTo(CYCLES);

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            assertThat(count(st, "SELECT COUNT(*) FROM wf_instance")).isEqualTo(INSTANCES);
            assertThat(count(st, "SELECT COUNT(*) FROM wf_instance WHERE status = 'COMPLETED'")).isEqualTo(INSTANCES);
            assertThat(count(st, "SELECT COUNT(*) FROM wf_step WHERE state = 'COMPLETED'"))
                    .isEqualTo(INSTANCES * STEPS.size());
            // every step's completion is recorded exactly once
            assertThat(count(st, "SELECT COUNT(*) FROM (SELECT instance_id, step FROM wf_attempt"
                    + " WHERE outcome = 'COMPLETED' GROUP BY instance_id, step HAVING COUNT(*) <> 1)")).isZero();
            assertThat(count(st, "SELECT COUNT(*) FROM wf_attempt WHERE outcome = 'COMPLETED'"))
                    .isEqualTo(INSTANCES * STEPS.size());
            // the kills did cut attempts short, and those steps were run again
            int interrupted = count(st, "SELECT COUNT(*) FROM wf_attempt WHERE finished_at IS NULL");
            assertThat(interrupted).as("attempts cut short by a kill").isPositive();
        }

        Map<String, Integer> effectCounts = new HashMap<>();
        int torn = 0;
        for (String line : Files.readAllLines(effects, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length != 4 || !STEPS.contains(f[1])) {
                torn++; // a kill in the middle of a write leaves at most one partial line per cycle
                continue;
            }
            assertThat(f[2]).endsWith(":" + f[1]); // the idempotency key is instance id + step
            effectCounts.merge(f[0] + " " + f[1], 1, Integer::sum);
        }
        assertThat(torn).isLessThanOrEqualTo(CYCLES);
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            for (String s : STEPS) {
                if (!effectCounts.containsKey("order-" + i + " " + s)) {
                    missing.add("order-" + i + " " + s);
                }
            }
        }
        assertThat(missing).as("side effects never performed").isEmpty();
        long duplicated = effectCounts.values().stream().filter(n -> n > 1).count();
        System.out.printf("crash test: %d kills hit a running child, %d side effects repeated (at-least-once)%n",
                killedWhileRunning, duplicated);
    }

    private static int count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
