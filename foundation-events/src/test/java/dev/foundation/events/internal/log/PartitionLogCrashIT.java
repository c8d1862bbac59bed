package dev.foundation.events.internal.log;

import dev.foundation.events.FsyncPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM appending with {@link FsyncPolicy#GROUP_COMMIT} at random moments, 50 times, and checks after
 * each restart that every acknowledged record is present, intact, in order and exactly once.
 */
class PartitionLogCrashIT {

    private static final int CYCLES = 50;
    private static final int THREADS = 4;

    @TempDir
    Path tmp;

    @Test
    void killedWriter_neverLosesOrDuplicatesAcknowledgedRecords() throws Exception {
        assertKillsLoseNothingAcknowledged(FsyncPolicy.GROUP_COMMIT, CYCLES);
    }

    /** A process crash loses nothing acknowledged under NEVER either: acknowledged records are in the page cache. */
    @Test
    void killedWriter_withoutFsync_stillKeepsEveryAcknowledgedRecord() throws Exception {
        assertKillsLoseNothingAcknowledged(FsyncPolicy.NEVER, 10);
    }

    private void assertKillsLoseNothingAcknowledged(FsyncPolicy policy, int cycles) throws Exception {
        Path dir = tmp.resolve("partition-" + policy);
        Path stderr = tmp.resolve("child-stderr.txt");
        Random random = new Random(); // a different kill schedule every run; the failing cycle is reported
        Map<Long, String> acknowledged = new HashMap<>();
        long totalAcks = 0;
        for (int cycle = 0; cycle < cycles; cycle++) {
            String run = "r" + cycle;
            ChildProcess child = ChildProcess.start(stderr, "log", dir.toString(), run, String.valueOf(THREADS),
                    policy.name());
            child.awaitLines(1, Duration.ofSeconds(30));
            // kill after a random number of acknowledgements: 0 kills right after recovery, others mid-stream
            int target = random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(400);
            child.awaitLines(target, Duration.ofSeconds(30));
            List<String> lines = child.kill();
            assertThat(lines.get(0)).as("cycle %d", cycle).startsWith("READY ");
            for (String line : lines.subList(1, lines.size())) {
                String[] parts = line.split(" ", 3);
                assertThat(parts[0]).isEqualTo("ACK");
                String previous = acknowledged.put(Long.parseLong(parts[1]), parts[2]);
                assertThat(previous).as("offset %s acknowledged twice", parts[1]).isNull();
                totalAcks++;
            }
            verify(dir, acknowledged, cycle);
        }
        assertThat(totalAcks).isGreaterThan(cycles);
    }

    private static void verify(Path dir, Map<Long, String> acknowledged, int cycle) {
        List<LogRecord> all = LogTestSupport.readAll(dir, CrashChild.config());
        Set<String> seen = new HashSet<>();
        Map<String, Long> lastSeqByRunThread = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            LogRecord r = all.get(i);
            assertThat(r.offset()).as("gap-free offsets after cycle %d", cycle).isEqualTo(i);
            String payload = new String(r.payload(), StandardCharsets.UTF_8);
            assertThat(seen.add(payload)).as("record %s stored twice (cycle %d)", payload, cycle).isTrue();
            String[] parts = payload.split(":");
            String runThread = parts[0] + ":" + parts[1];
            long seq = Long.parseLong(parts[2]);
            assertThat(payload).isEqualTo(CrashChild.payload(parts[0], Integer.parseInt(parts[1]), seq));
            Long before = lastSeqByRunThread.put(runThread, seq);
            assertThat(seq).as("order of %s (cycle %d)", runThread, cycle).isEqualTo(before == null ? 0 : before + 1);
        }
        for (Map.Entry<Long, String> ack : acknowledged.entrySet()) {
            long offset = ack.getKey();
            assertThat(offset).as("acknowledged offset %d lost after cycle %d", offset, cycle).isLessThan(all.size());
            assertThat(new String(all.get((int) offset).payload(), StandardCharsets.UTF_8))
                    .as("record at acknowledged offset %d after cycle %d", offset, cycle).isEqualTo(ack.getValue());
        }
    }
}
