package dev.foundation.events.internal.log;

import dev.foundation.events.StreamLockedException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory lock across processes: refused while another JVM holds it, released when that JVM dies. */
class DirectoryLockIT {

    @TempDir
    Path tmp;

    @Test
    void secondProcess_getsLogLockedExceptionNamingTheOwner_untilTheOwnerIsKilled() throws Exception {
        Path dir = tmp.resolve("partition");
        try (PartitionLog log = PartitionLog.open(dir, CrashChild.config())) {
            log.append(1, null, new byte[] {1}).join();
        }
        ChildProcess child = ChildProcess.start(tmp.resolve("child-stderr.txt"), "hold", dir.toString());
        child.awaitLines(1, Duration.ofSeconds(30));
        long childPid = child.pid();
        assertThatThrownBy(() -> PartitionLog.open(dir, CrashChild.config()))
                .isInstanceOf(StreamLockedException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("pid " + childPid)
                .hasMessageContaining("only one process");
        child.kill();
        try (PartitionLog log = PartitionLog.open(dir, CrashChild.config())) {
            assertThat(log.endOffset()).isEqualTo(1);
        }
    }
}
