package dev.foundation.events.internal.log;

import dev.foundation.events.EventStorageException;
import dev.foundation.events.FailingDisk;
import dev.foundation.events.FsyncPolicy;
import static dev.foundation.events.internal.log.LogTestSupport.bytes;
import static dev.foundation.events.internal.log.LogTestSupport.readAll;
import static dev.foundation.events.internal.log.LogTestSupport.small;
import static dev.foundation.events.internal.log.LogTestSupport.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PartitionLogFaultTest {

    @TempDir
    Path dir;

    private final FailingDisk faults = new FailingDisk();

    private static List<String> payloads(List<LogRecord> records) {
        return records.stream().map(r -> string(r.payload())).collect(Collectors.toList());
    }

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void diskFull_failsAppendWithClearError_keepsLogReadable_andRecoversWhenSpaceReturns(FsyncPolicy policy) {
        LogConfig config = small().withFsync(policy);
        try (PartitionLog log = PartitionLog.open(dir, config, faults)) {
            for (int i = 0; i < 10; i++) {
                log.append(i, null, bytes("ok-" + i)).join();
            }
            faults.fillUp(20); // the next write gets 20 bytes onto the disk, then the disk is full
            CompletableFuture<Long> failed = log.append(10, null, bytes("lost-because-disk-full"));
            assertThatThrownBy(failed::join).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(EventStorageException.class)
                    .hasMessageContaining("No space left on device")
                    .hasMessageContaining("accepts further appends");
            assertThat(log.durableEndOffset()).isEqualTo(10);
            assertThat(log.endOffset()).isEqualTo(10);
            assertThat(payloads(readAll(log, 0))).hasSize(10).last().isEqualTo("ok-9");

            faults.repair();
            assertThat(log.append(11, null, bytes("after")).join()).isEqualTo(10);
            assertThat(payloads(readAll(log, 8))).containsExactly("ok-8", "ok-9", "after");
        }
        assertThat(payloads(LogTestSupport.readAll(dir, config))).hasSize(11).last().isEqualTo("after");
    }

    @Test
    void writeFailure_inTheMiddleOfAGroupCommitBatch_failsOnlyUnacknowledgedAppends() throws Exception {
        try (PartitionLog log = PartitionLog.open(dir, small(), faults)) {
            log.append(0, null, bytes("first")).join();
            faults.fillUp(300);
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(log.append(i, null, bytes("batch-" + i)));
            }
            int ok = 0;
            int failed = 0;
            for (CompletableFuture<Long> f : futures) {
                try {
                    f.get(10, TimeUnit.SECONDS);
                    ok++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(EventStorageException.class);
                    failed++;
                }
            }
            assertThat(failed).isPositive();
            List<LogRecord> all = readAll(log, 0);
            assertThat(all).hasSize(1 + ok);
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).offset()).isEqualTo(i);
            }
            for (CompletableFuture<Long> f : futures) {
                if (!f.isCompletedExceptionally()) {
                    assertThat(string(all.get((int) (long) f.join()).payload())).startsWith("batch-");
                }
            }
        }
        try (PartitionLog log = PartitionLog.open(dir, small())) {
            assertThat(readAll(log, 0)).extracting(LogRecord::offset)
                    .isEqualTo(java.util.stream.LongStream.range(0, log.durableEndOffset()).boxed()
                            .collect(Collectors.toList()));
        }
    }

    @Test
    void forceFailure_failsTheLog_keepsAcknowledgedRecordsReadable_andReopenRecovers() {
        try (PartitionLog log = PartitionLog.open(dir, small(), faults)) {
            for (int i = 0; i < 5; i++) {
                log.append(i, null, bytes("ok-" + i)).join();
            }
            faults.failNextForces(1);
            CompletableFuture<Long> failed = log.append(5, null, bytes("unsure"));
            assertThatThrownBy(failed::join).hasCauseInstanceOf(EventStorageException.class)
                    .hasMessageContaining("failed to force").hasMessageContaining("closed and created again");
            CompletableFuture<Long> refused = log.append(6, null, bytes("refused"));
            assertThatThrownBy(refused::join).hasCauseInstanceOf(EventStorageException.class)
                    .hasMessageContaining("refuses appends");
            assertThat(log.durableEndOffset()).isEqualTo(5);
            assertThat(payloads(readAll(log, 0))).containsExactly("ok-0", "ok-1", "ok-2", "ok-3", "ok-4");
        }
        try (PartitionLog log = PartitionLog.open(dir, small())) {
            List<String> after = payloads(readAll(log, 0));
            // the record whose force failed may or may not be there; every acknowledged one is
            assertThat(after.subList(0, 5)).containsExactly("ok-0", "ok-1", "ok-2", "ok-3", "ok-4");
            assertThat(after.size()).isBetween(5, 6);
            long next = log.append(7, null, bytes("again")).join();
            assertThat(next).isEqualTo(after.size());
        }
    }

    @Test
    void segmentCreationFailure_failsAppend_andTheLogStaysUsable() {
        try (PartitionLog log = PartitionLog.open(dir, small(), faults)) {
            int i = 0;
            while (log.stats().segments() == 1) {
                log.append(i, null, bytes("fill-" + i)).join();
                i++;
            }
            long segmentsBefore = log.stats().segments();
            long end = log.durableEndOffset();
            faults.failCreates();
            CompletableFuture<Long> failed = null;
            for (int k = 0; k < 100 && (failed == null || !failed.isCompletedExceptionally()); k++) {
                failed = log.append(k, null, bytes("x".repeat(40)));
                try {
                    failed.join();
                } catch (CompletionException expected) {
                    break;
                }
            }
            assertThat(failed).isCompletedExceptionally();
            assertThat(log.stats().segments()).isEqualTo(segmentsBefore);
            long acknowledged = log.durableEndOffset();
            assertThat(acknowledged).isGreaterThanOrEqualTo(end);
            faults.repair();
            assertThat(log.append(0, null, bytes("after")).join()).isEqualTo(acknowledged);
            assertThat(readAll(log, 0)).hasSize((int) acknowledged + 1);
        }
    }
}
