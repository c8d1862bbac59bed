package dev.foundation.events.internal.log;

import static dev.foundation.events.internal.log.LogTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.core.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {

    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Appends records of 100 payload bytes (128-byte frames), 7 per 1 KiB segment. */
    private static void appendAt(PartitionLog log, MutableClock clock, int count) {
        for (int i = 0; i < count; i++) {
            log.append(clock.millis(), null, new byte[100]).join();
        }
    }

    @Test
    void retentionByAge_deletesClosedSegmentsWhoseNewestRecordIsOlderThanTheAge_neverTheActiveOne() {
        MutableClock clock = new MutableClock(T0);
        LogConfig config = LogConfig.defaults().withSegmentBytes(1024).withRetentionAge(Duration.ofHours(1))
                .withClock(clock);
        try (PartitionLog log = PartitionLog.open(dir, config)) {
            appendAt(log, clock, 7);            // segment 0: offsets 0..6 at T0
            clock.advance(Duration.ofMinutes(30));
            appendAt(log, clock, 7);            // segment 7: offsets 7..13 at T0+30m
            clock.advance(Duration.ofMinutes(20));
            appendAt(log, clock, 3);            // active segment 14: offsets 14..16 at T0+50m
            assertThat(log.stats().segments()).isEqualTo(3);

            clock.advance(Duration.ofMinutes(9)); // T0+59m: nothing is an hour old yet
            assertThat(log.applyRetention()).isZero();

            clock.advance(Duration.ofMinutes(1).plusMillis(1)); // T0+60m+1ms: segment 0 has expired
            assertThat(log.applyRetention()).isEqualTo(1);
            assertThat(log.startOffset()).isEqualTo(7);
            assertThat(LogFiles.segments(dir)).extracting(p -> p.getFileName().toString())
                    .containsExactly("00000000000000000007.log", "00000000000000000014.log");

            clock.advance(Duration.ofHours(5)); // everything has expired, but the active segment stays
            assertThat(log.applyRetention()).isEqualTo(1);
            assertThat(log.startOffset()).isEqualTo(14);
            assertThat(log.stats().segments()).isEqualTo(1);
            List<LogRecord> left = LogTestSupport.readAll(log, 0);
            assertThat(left).extracting(LogRecord::offset).containsExactly(14L, 15L, 16L);
            assertThat(log.endOffset()).isEqualTo(17);
        }
        try (PartitionLog log = PartitionLog.open(dir, config)) {
            assertThat(log.startOffset()).isEqualTo(14);
            assertThat(log.append(clock.millis(), null, bytes("next")).join()).isEqualTo(17);
        }
    }

    @Test
    void retentionBySize_deletesOldestClosedSegmentsWhileTheLogIsTooLarge() {
        MutableClock clock = new MutableClock(T0);
        LogConfig config = LogConfig.defaults().withSegmentBytes(1024).withClock(clock).withRetentionBytes(2500);
        try (PartitionLog log = PartitionLog.open(dir, config)) {
            appendAt(log, clock, 7 * 4 + 2); // 4 full segments of 928 bytes + active of 288 bytes
            // retention ran after each roll: at most 2500 bytes remain, the active segment included
            LogStats stats = log.stats();
            assertThat(stats.bytes()).isLessThanOrEqualTo(2500);
            assertThat(stats.segments()).isEqualTo(3);
            assertThat(log.startOffset()).isEqualTo(14);
            assertThat(LogTestSupport.readAll(log, 0).get(0).offset()).isEqualTo(14);
            assertThat(log.applyRetention()).isZero();
        }
    }

    @Test
    void retention_isOffByDefault_andReaderInADeletedSegmentContinues() {
        MutableClock clock = new MutableClock(T0);
        LogConfig keep = LogConfig.defaults().withSegmentBytes(1024).withClock(clock);
        try (PartitionLog log = PartitionLog.open(dir, keep)) {
            appendAt(log, clock, 20);
            clock.advance(Duration.ofDays(3650));
            assertThat(log.applyRetention()).isZero();
            assertThat(log.startOffset()).isZero();
        }
        LogConfig age = keep.withRetentionAge(Duration.ofDays(1));
        try (PartitionLog log = PartitionLog.open(dir, age); LogReader reader = log.reader(0)) {
            assertThat(reader.poll(2)).extracting(LogRecord::offset).containsExactly(0L, 1L);
            assertThat(log.applyRetention()).isEqualTo(2);
            // the reader finishes the segment it had open, then continues in the retained ones
            List<LogRecord> rest = LogTestSupport.readAll(log, 0);
            assertThat(rest.get(0).offset()).isEqualTo(14);
            List<LogRecord> fromReader = reader.poll(100);
            assertThat(fromReader).extracting(LogRecord::offset).startsWith(2L, 3L).endsWith(19L);
            try (LogReader late = log.reader(3)) {
                assertThat(late.poll(1)).extracting(LogRecord::offset).containsExactly(14L);
            }
        }
    }
}
