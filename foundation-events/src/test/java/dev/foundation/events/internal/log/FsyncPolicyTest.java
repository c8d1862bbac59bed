package dev.foundation.events.internal.log;

import dev.foundation.events.EventStorageException;
import dev.foundation.events.FailingDisk;
import dev.foundation.events.FsyncPolicy;
import static dev.foundation.events.internal.log.LogTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsyncPolicyTest {

    @TempDir
    Path dir;

    private final FailingDisk channels = new FailingDisk();

    @Test
    void everyAppend_completesOnlyAfterAForce_andAppendsWaitingForAForceShareTheNextOne() throws Exception {
        try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults(), channels)) {
            channels.holdForces();
            CompletableFuture<Long> first = log.append(0, null, bytes("first"));
            assertThat(channels.awaitForceHeld(java.time.Duration.ofSeconds(10))).isTrue();
            List<CompletableFuture<Long>> waiting = new ArrayList<>();
            for (int i = 1; i <= 99; i++) {
                waiting.add(log.append(i, null, bytes("r" + i)));
            }
            // the first record is written but its force has not returned: not acknowledged, not readable
            assertThat(first).isNotDone();
            assertThat(log.endOffset()).isEqualTo(1);
            assertThat(log.durableEndOffset()).isZero();
            assertThat(LogTestSupport.readAll(log, 0)).isEmpty();
            int forcesBefore = channels.forces();
            channels.releaseForces();
            for (CompletableFuture<Long> f : waiting) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertThat(first.join()).isZero();
            // the first force plus exactly one shared force for the 99 appends queued meanwhile
            assertThat(channels.forces() - forcesBefore).isEqualTo(2);
            assertThat(log.stats().forcedEndOffset()).isEqualTo(100);
            assertThat(log.durableEndOffset()).isEqualTo(100);
        }
    }

    @Test
    void interval_acknowledgesAfterTheWrite_andTheTimerForcesWithoutFurtherAppends() {
        LogConfig config = LogConfig.defaults().withFsync(FsyncPolicy.INTERVAL).withFsyncInterval(Duration.ofMillis(20));
        try (PartitionLog log = PartitionLog.open(dir, config, channels)) {
            int forcesAtOpen = channels.forces();
            assertThat(log.append(0, null, bytes("a")).join()).isZero();
            assertThat(log.durableEndOffset()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> log.stats().forcedEndOffset() == 1);
            assertThat(channels.forces()).isGreaterThan(forcesAtOpen);
            int settled = channels.forces();
            log.append(1, null, bytes("b")).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> log.stats().forcedEndOffset() == 2);
            assertThat(channels.forces()).isEqualTo(settled + 1);
        }
    }

    @Test
    void never_acknowledgesWithoutForcing_andCloseForces() {
        LogConfig config = LogConfig.defaults().withFsync(FsyncPolicy.NEVER);
        PartitionLog log = PartitionLog.open(dir, config, channels);
        int forcesAtOpen = channels.forces();
        for (int i = 0; i < 50; i++) {
            log.append(i, null, bytes("r" + i));
        }
        assertThat(log.append(50, null, bytes("last")).join()).isEqualTo(50);
        assertThat(log.durableEndOffset()).isEqualTo(51);
        assertThat(log.stats().forcedEndOffset()).isZero();
        assertThat(channels.forces()).isEqualTo(forcesAtOpen);
        log.close();
        assertThat(channels.forces()).isEqualTo(forcesAtOpen + 1);
    }

    @Test
    void interruptedReader_doesNotDisturbTheWriterOrOtherReaders() throws Exception {
        try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
            log.append(0, null, bytes("a")).join();
            LogReader other = log.reader(0);
            Thread t = new Thread(() -> {
                Thread.currentThread().interrupt();
                try (LogReader r = log.reader(0)) {
                    r.poll(10);
                } catch (EventStorageException expected) {
                    // the interrupt closed this reader's own channel
                }
            });
            t.start();
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(log.append(1, null, bytes("b")).join()).isEqualTo(1);
            assertThat(other.poll(10)).hasSize(2);
            other.close();
        }
    }
}
