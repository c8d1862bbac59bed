package dev.foundation.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foundation.core.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTrailTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));

    private AuditTrail open() {
        return open(AuditTrail.builder(dir).keyring(TestKeys.keyring()).checkpointEvery(10));
    }

    private AuditTrail open(AuditTrail.Builder b) {
        return b.clock(clock).build();
    }

    private static void join(CompletableFuture<?>... futures) {
        CompletableFuture.allOf(futures).join();
    }

    private static AuditRecord rec(AuditTrail t, String actor, String op, String res) {
        return t.record(actor, op, res, Outcome.SUCCESS, Map.of("k", "v")).toCompletableFuture().join();
    }

    @Test
    void record_chainsRecordsAndSignsCheckpoints_verifyIsIntact() {
        try (AuditTrail t = open()) {
            List<CompletableFuture<AuditRecord>> fs = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                fs.add(t.record("alice", "read", "orders/" + i, Outcome.SUCCESS, Map.of("i", "" + i))
                        .toCompletableFuture());
            }
            join(fs.toArray(new CompletableFuture<?>[0]));
            VerificationReport r = t.verify();
            assertThat(r.intact()).as(r.toString()).isTrue();
            // 25 entries + a checkpoint after each 10 entries
            assertThat(r.records()).isEqualTo(27);
            assertThat(r.checkpoints()).isEqualTo(2);
            assertThat(r.anchoredFrom()).isZero();
            assertThat(r.head()).isEqualTo(t.head());
            assertThat(fs.get(0).join().sequence()).isZero();
            assertThat(fs.get(24).join().sequence()).isEqualTo(26);
        }
    }

    @Test
    void concurrentRecorders_getDistinctSequences_andTheChainHolds() throws Exception {
        try (AuditTrail t = open()) {
            int threads = 8;
            int each = 40;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                List<java.util.concurrent.Future<List<Long>>> results = new ArrayList<>();
                for (int n = 0; n < threads; n++) {
                    String actor = "user-" + n;
                    results.add(pool.submit(() -> {
                        List<Long> seqs = new ArrayList<>();
                        for (int i = 0; i < each; i++) {
                            seqs.add(rec(t, actor, "op", "r" + i).sequence());
                        }
                        return seqs;
                    }));
                }
                java.util.Set<Long> all = new java.util.HashSet<>();
                for (java.util.concurrent.Future<List<Long>> f : results) {
                    all.addAll(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
                }
                assertThat(all).hasSize(threads * each);
            } finally {
                pool.shutdownNow();
            }
            // the automatic checkpoint after the last record may still be in flight: one more, awaited, orders it
            t.checkpoint().toCompletableFuture().join();
            VerificationReport r = t.verify();
            assertThat(r.intact()).as(r.toString()).isTrue();
            assertThat(r.records()).isEqualTo(threads * each + threads * each / 10 + 1);
            assertThat(t.query(AuditQuery.all().actor("user-3"))).hasSize(each);
        }
    }

    @Test
    void reopen_resumesTheChain_andClosingCheckpointSealsIt() {
        ChainHead head;
        try (AuditTrail t = open()) {
            rec(t, "a", "op", "r1");
            rec(t, "b", "op", "r2");
            head = t.head();
        }
        try (AuditTrail t = open()) {
            // the closing checkpoint followed the two records
            assertThat(t.head().sequence()).isEqualTo(head.sequence() + 1);
            AuditRecord r = rec(t, "c", "op", "r3");
            assertThat(r.sequence()).isEqualTo(3);
            VerificationReport report = t.verify(head);
            assertThat(report.intact()).as(report.toString()).isTrue();
            assertThat(report.lastCheckpoint()).isEqualTo(2);
        }
    }

    @Test
    void verify_withAnchorBeyondTheEnd_reportsTruncation() {
        try (AuditTrail t = open()) {
            rec(t, "a", "op", "r1");
            ChainHead fake = new ChainHead(50, "0".repeat(64));
            VerificationReport r = t.verify(fake);
            assertThat(r.intact()).isFalse();
            assertThat(r.brokenLink().reason()).contains("ends before the anchor");
            assertThat(r.brokenLink().offset()).isEqualTo(1);
        }
    }

    @Test
    void verify_withAnchorOfOtherHash_reportsTheDifference() {
        try (AuditTrail t = open()) {
            rec(t, "a", "op", "r1");
            ChainHead wrong = new ChainHead(0, "a".repeat(64));
            VerificationReport r = t.verify(wrong);
            assertThat(r.brokenLink().reason()).contains("differs from the anchor");
            assertThat(r.brokenLink().expected()).isEqualTo("a".repeat(64));
            assertThat(r.brokenLink().found()).isEqualTo(t.head().hash());
        }
    }

    @Test
    void verify_withoutTheSigningKey_namesTheKeyId() {
        try (AuditTrail t = open()) {
            rec(t, "a", "op", "r1");
            t.checkpoint().toCompletableFuture().join();
        }
        Keyring other = Keyring.builder().key("k2", TestKeys.key(2)).build();
        try (AuditTrail t = open(AuditTrail.builder(dir).keyring(other))) {
            VerificationReport r = t.verify();
            assertThat(r.intact()).isFalse();
            assertThat(r.brokenLink().reason()).contains("'k1'");
        }
        Keyring wrongBytes = Keyring.builder().key("k1", TestKeys.key(9)).build();
        try (AuditTrail t = open(AuditTrail.builder(dir).keyring(wrongBytes))) {
            VerificationReport r = t.verify();
            assertThat(r.brokenLink().reason()).contains("signature").contains("'k1'");
            assertThat(r.brokenLink().offset()).isEqualTo(1);
        }
    }

    @Test
    void rotation_newCheckpointsUseTheNewKey_oldOnesStillVerify() {
        Keyring keys = TestKeys.keyring();
        try (AuditTrail t = open(AuditTrail.builder(dir).keyring(keys))) {
            rec(t, "a", "op", "r");
            t.checkpoint().toCompletableFuture().join();
            keys.add("k2", TestKeys.key(2));
            rec(t, "a", "op", "r");
            t.checkpoint().toCompletableFuture().join();
            VerificationReport r = t.verify();
            assertThat(r.intact()).as(r.toString()).isTrue();
            assertThat(r.checkpoints()).isEqualTo(2);
        }
        Keyring onlyNew = Keyring.builder().key("k2", TestKeys.key(2)).build();
        assertThat(AuditVerifier.verify(dir, "audit", onlyNew, null).brokenLink().reason()).contains("'k1'");
    }

    @Test
    void query_byActorOperationResourceAndTime_returnsOnlyMatches() {
        try (AuditTrail t = open()) {
            for (int i = 0; i < 30; i++) {
                clock.advance(Duration.ofMinutes(1));
                rec(t, i % 3 == 0 ? "alice" : "bob", i % 2 == 0 ? "read" : "write", "doc/" + (i % 5));
            }
            Instant start = Instant.parse("2026-12-01T00:00:00Z");
            assertThat(t.query(AuditQuery.all().actor("alice"))).hasSize(10)
                    .allMatch(r -> r.actor().equals("alice"));
            assertThat(t.query(AuditQuery.all().actor("alice").operation("read")))
                    .hasSize(5).allMatch(r -> r.operation().equals("read"));
            assertThat(t.query(AuditQuery.all().resource("doc/3").actor("bob")))
                    .extracting(AuditRecord::resource).containsOnly("doc/3");
            List<AuditRecord> window = t.query(AuditQuery.all().from(start.plus(Duration.ofMinutes(5)))
                    .to(start.plus(Duration.ofMinutes(10))));
            assertThat(window).hasSize(5);
            assertThat(window.get(0).timestamp()).isEqualTo(start.plus(Duration.ofMinutes(5)));
            assertThat(t.query(AuditQuery.all().actor("nobody"))).isEmpty();
            assertThat(t.query(AuditQuery.all().limit(3))).hasSize(3);
        }
        try (AuditTrail t = open()) {
            assertThat(t.query(AuditQuery.all().actor("alice"))).as("index rebuilt on open").hasSize(10);
        }
    }

    @Test
    void export_writesJsonLinesAndCsvForAWindow() throws Exception {
        Instant start = clock.instant();
        try (AuditTrail t = open()) {
            clock.advance(Duration.ofSeconds(1));
            t.record("alice", "read", "a,b", Outcome.SUCCESS, Map.of("q", "say \"hi\"")).toCompletableFuture().join();
            clock.advance(Duration.ofSeconds(1));
            rec(t, "bob", "write", "c");
            clock.advance(Duration.ofHours(1));
            rec(t, "carol", "write", "late");
            StringWriter json = new StringWriter();
            assertThat(t.export(start, start.plus(Duration.ofMinutes(1)), ExportFormat.JSON_LINES, json)).isEqualTo(2);
            List<String> lines = json.toString().lines().collect(Collectors.toList());
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).startsWith("{\"sequence\":0,\"timestamp\":\"2026-12-01T00:00:01Z\",\"actor\":\"alice\"")
                    .contains("\"attributes\":{\"q\":\"say \\\"hi\\\"\"}");
            StringWriter csv = new StringWriter();
            t.export(start, start.plus(Duration.ofMinutes(1)), ExportFormat.CSV, csv);
            List<String> rows = csv.toString().lines().collect(Collectors.toList());
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0)).isEqualTo("sequence,timestamp,actor,operation,resource,outcome,attributes,hash");
            assertThat(rows.get(1)).startsWith("0,2026-12-01T00:00:01Z,alice,read,\"a,b\",SUCCESS,\"{\"\"q\"\":\"\"say \\\"\"hi\\\"\"\"\"}\",");
        }
    }

    @Test
    void retention_deletesSegments_chainVerifiesFromOldestRetainedCheckpoint() {
        AuditTrail.Builder b = AuditTrail.builder(dir).keyring(TestKeys.keyring()).checkpointEvery(1_000_000)
                .segmentSize(4096).retention(null, 3 * 4096);
        try (AuditTrail t = open(b)) {
            List<CompletableFuture<AuditRecord>> fs = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                fs.add(t.record("user-" + (i % 7), "read", "doc/" + i, Outcome.SUCCESS, Map.of()).toCompletableFuture());
            }
            join(fs.toArray(new CompletableFuture<?>[0]));
            VerificationReport r = t.verify();
            assertThat(r.intact()).as(r.toString()).isTrue();
            assertThat(r.firstOffset()).as("retention deleted the oldest segments").isGreaterThan(0);
            assertThat(r.anchoredFrom()).as("a checkpoint per quarter segment survives").isGreaterThanOrEqualTo(r.firstOffset());
            assertThat(r.unanchoredRecords()).isEqualTo(r.anchoredFrom() - r.firstOffset());
            assertThat(r.warnings()).isEmpty();
            assertThat(t.query(AuditQuery.all().actor("user-3"))).isNotEmpty()
                    .allMatch(x -> x.sequence() >= r.firstOffset());
        }
        try (AuditTrail t = open(b)) {
            assertThat(t.verify().intact()).isTrue();
            assertThat(rec(t, "a", "b", "c").sequence()).isGreaterThan(600);
        }
    }

    @Test
    void commandLineVerifier_reportsIntactAndBroken_withExitStatus() throws Exception {
        try (AuditTrail t = open()) {
            for (int i = 0; i < 5; i++) {
                rec(t, "a", "op", "r" + i);
            }
        }
        String key = "k1=" + Base64.getEncoder().encodeToString(TestKeys.key(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AuditVerifier.run(new String[] {"--dir", dir.toString(), "--key", key},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("INTACT: 6 records");
        String wrongKey = "k1=" + Base64.getEncoder().encodeToString(TestKeys.key(5));
        assertThat(AuditVerifier.run(new String[] {"--dir", dir.toString(), "--key", wrongKey},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(1);
        assertThat(AuditVerifier.run(new String[] {"--dir", dir.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--key").doesNotContain(key.substring(3));
    }

    @Test
    void flippedBitInTheFile_isReported_andTheOriginalIsNotModified() throws Exception {
        ChainHead head;
        try (AuditTrail t = open(AuditTrail.builder(dir).keyring(TestKeys.keyring()).segmentSize(4096))) {
            for (int i = 0; i < 100; i++) {
                rec(t, "alice", "read", "doc/" + i);
            }
            head = t.head();
        }
        List<Path> segments;
        try (Stream<Path> s = Files.walk(dir.resolve("audit").resolve("0"))) {
            segments = s.filter(Files::isRegularFile).filter(p -> Files.isRegularFile(p))
                    .sorted().collect(Collectors.toList());
        }
        Path victim = segments.stream().filter(p -> {
            try {
                return Files.size(p) > 2000;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).findFirst().orElseThrow();
        long size = Files.size(victim);
        try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw")) {
            f.seek(size / 2);
            int b = f.read();
            f.seek(size / 2);
            f.write(b ^ 0x10);
        }
        byte[] before = Files.readAllBytes(victim);
        VerificationReport r = AuditVerifier.verify(dir, "audit", TestKeys.keyring(), head);
        assertThat(r.intact()).as(r.toString()).isFalse();
        assertThat(Files.readAllBytes(victim)).as("the verifier works on a copy").isEqualTo(before);
    }

    @Test
    void metrics_countRecordsByOutcomeAndCheckpoints() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (AuditTrail t = open(AuditTrail.builder(dir).keyring(TestKeys.keyring()).checkpointEvery(2)
                .meterRegistry(registry))) {
            rec(t, "a", "op", "r");
            t.record("a", "op", "r", Outcome.DENIED).toCompletableFuture().join();
            t.checkpoint().toCompletableFuture().join();
        }
        assertThat(registry.get("foundation.audit.records").tag("outcome", "success").counter().count()).isEqualTo(1);
        assertThat(registry.get("foundation.audit.records").tag("outcome", "denied").counter().count()).isEqualTo(1);
        assertThat(registry.get("foundation.audit.checkpoints").counter().count()).isEqualTo(2);
    }

    @Test
    void close_leavesNoThreadBehind_andReleasesTheDirectory() {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        AuditTrail t = open();
        rec(t, "a", "op", "r");
        t.verify();
        t.query(AuditQuery.all());
        t.close();
        org.awaitility.Awaitility.await().pollInSameThread().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                        .filter(th -> !before.contains(th)).filter(th -> !th.getName().startsWith("ForkJoinPool"))
                        .map(Thread::getName)).isEmpty());
        try (AuditTrail again = open()) {
            assertThat(again.head().sequence()).isEqualTo(1);
        }
    }

    @Test
    void badArguments_areRejectedWithClearMessages() {
        assertThatThrownBy(() -> AuditTrail.builder(dir).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keyring");
        assertThatThrownBy(() -> AuditTrail.builder(dir).checkpointEvery(0))
                .hasMessage("checkpointEvery must be >= 1 but was 0");
        assertThatThrownBy(() -> AuditTrail.builder(dir).name("a/b")).hasMessageContaining("name must be");
        try (AuditTrail t = open()) {
            assertThatThrownBy(() -> t.record(" ", "op", "r", Outcome.SUCCESS))
                    .hasMessage("actor must not be blank but was ' '");
            assertThatThrownBy(() -> AuditQuery.all().limit(0)).hasMessage("limit must be > 0 but was 0");
        }
        AuditTrail t = open();
        t.close();
        t.close();
        assertThatThrownBy(() -> t.record("a", "b", "c", Outcome.SUCCESS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
