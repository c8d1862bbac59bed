package dev.foundation.audit;

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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM ({@link AuditCrashChild}) with SIGKILL at random moments while four threads record with group
 * commit, 30 times, each run continuing the chain the previous one left. Then: the whole chain verifies, every
 * acknowledged record is in it with the hash it was acknowledged with, and the chain verifies against each
 * run's last acknowledged record as an anchor.
 */
class AuditCrashIT {

    private static final int CYCLES = 30;
    private static final String EOF = "\u0000EOF";

    @TempDir
    Path dir;

    private final Random random = new Random();

    @Test
    void killedDuringAppends_chainVerifiesUpToTheLastAcknowledgedRecord() throws Exception {
        Path data = dir.resolve("data");
        Map<Long, String> acked = new HashMap<>();
        List<ChainHead> anchors = new ArrayList<>();
        for (int run = 0; run < CYCLES; run++) {
            Path err = dir.resolve("child-" + run + ".err");
            String java = ProcessHandle.current().info().command().orElse("java");
            Process p = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
                    System.getProperty("java.class.path"), AuditCrashChild.class.getName(), data.toString(),
                    Integer.toString(run)).redirectError(err.toFile()).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        lines.add(l);
                    }
                } catch (IOException ignored) {
                    // the pipe's end after the kill
                } finally {
                    lines.add(EOF);
                }
            });
            reader.setDaemon(true);
            reader.start();
            int killAfter = 5 + random.nextInt(120);
            for (int i = 0; i < killAfter; i++) {
                String l = lines.poll(60, TimeUnit.SECONDS);
                if (l == null || l.equals(EOF)) {
                    throw new AssertionError("child " + run + " ended or stalled; stderr:\n" + Files.readString(err));
                }
                ack(l, acked);
            }
            p.toHandle().destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (String l = lines.poll(30, TimeUnit.SECONDS); l != null && !l.equals(EOF);
                    l = lines.poll(30, TimeUnit.SECONDS)) {
                ack(l, acked);
            }
            long max = acked.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            anchors.add(new ChainHead(max, acked.get(max)));
        }
        try (AuditTrail trail = AuditTrail.builder(data).keyring(TestKeys.keyring()).build()) {
            VerificationReport report = trail.verify();
            assertThat(report.intact()).as(report.toString()).isTrue();
            assertThat(report.checkpoints()).isGreaterThan(0);
            for (ChainHead anchor : anchors) {
                VerificationReport r = trail.verify(anchor);
                assertThat(r.intact()).as("anchor %s: %s", anchor, r).isTrue();
            }
            Map<Long, String> stored = new HashMap<>();
            trail.query(AuditQuery.all().limit(Integer.MAX_VALUE)).forEach(r -> stored.put(r.sequence(), r.hash()));
            for (Map.Entry<Long, String> a : acked.entrySet()) {
                assertThat(stored.get(a.getKey())).as("acknowledged record %d", a.getKey()).isEqualTo(a.getValue());
            }
        }
    }

    private static void ack(String line, Map<Long, String> acked) {
        String[] f = line.split(" ");
        assertThat(f[0]).isEqualTo("A");
        String before = acked.put(Long.parseLong(f[1]), f[2]);
        assertThat(before == null || before.equals(f[2])).as("sequence %s acknowledged twice with different hashes",
                f[1]).isTrue();
    }
}
