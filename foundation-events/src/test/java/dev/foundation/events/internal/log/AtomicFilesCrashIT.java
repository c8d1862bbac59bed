package dev.foundation.events.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a child JVM rewriting a file with {@link AtomicFiles} and checks the file is never torn. */
class AtomicFilesCrashIT {

    private static final int CYCLES = 15;

    @TempDir
    Path tmp;

    @Test
    void killedWriter_leavesTheLastOrTheNextCompleteContent() throws Exception {
        Path file = tmp.resolve("committed-offsets");
        Random random = new Random();
        int lastAcknowledged = -1;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            ChildProcess child = ChildProcess.start(tmp.resolve("child-stderr.txt"), "atomic", file.toString(),
                    String.valueOf(lastAcknowledged + 1));
            child.awaitLines(1 + random.nextInt(60), Duration.ofSeconds(30));
            List<String> lines = child.kill();
            for (String line : lines.subList(1, lines.size())) {
                lastAcknowledged = Integer.parseInt(line.substring(2));
            }
            Optional<byte[]> read = AtomicFiles.read(file);
            if (lastAcknowledged < 0) {
                continue;
            }
            assertThat(read).as("cycle %d", cycle).isPresent();
            int version = Integer.parseInt(new String(read.get(), 0, 11, java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(version).as("cycle %d: read version %d, last acknowledged %d", cycle, version, lastAcknowledged)
                    .isBetween(lastAcknowledged, lastAcknowledged + 1);
            assertThat(read.get()).isEqualTo(CrashChild.content(version));
            lastAcknowledged = version;
        }
    }
}
