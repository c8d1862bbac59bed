package dev.foundation.events.internal.log;

import dev.foundation.events.FsyncPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Round trips of random records across segment rolls, reopens and seeks. */
class LogRoundTripProperties {

    @Provide
    Arbitrary<List<LogRecord>> records() {
        Arbitrary<LogRecord> record = Combinators.combine(
                Arbitraries.longs(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40).injectNull(0.3),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
                .as((ts, key, payload) -> new LogRecord(0, ts, key, payload));
        return record.list().ofMaxSize(120);
    }

    @Property(tries = 120)
    void everyRecordReadsBackIdentically_withGapFreeOffsets_acrossRollsAndReopen(
            @ForAll("records") List<LogRecord> input,
            @ForAll @IntRange(min = 400, max = 4096) int segmentBytes,
            @ForAll @IntRange(min = 1, max = 2048) int indexInterval,
            @ForAll @IntRange(min = 0, max = 130) int from,
            @ForAll FsyncPolicy policy) {
        LogConfig config = LogConfig.defaults().withSegmentBytes(segmentBytes).withIndexIntervalBytes(indexInterval)
                .withFsync(policy == FsyncPolicy.GROUP_COMMIT ? FsyncPolicy.NEVER : policy);
        Path dir = LogFiles.tempDir();
        try {
            List<LogRecord> expected = new ArrayList<>();
            try (PartitionLog log = PartitionLog.open(dir, config)) {
                List<CompletableFuture<Long>> futures = new ArrayList<>();
                for (LogRecord r : input) {
                    futures.add(log.append(r.timestampMillis(), r.key(), r.payload()));
                }
                for (int i = 0; i < input.size(); i++) {
                    LogRecord r = input.get(i);
                    long offset = futures.get(i).join();
                    assertThat(offset).isEqualTo(i);
                    expected.add(new LogRecord(offset, r.timestampMillis(), r.key(), r.payload()));
                }
                assertThat(LogTestSupport.readAll(log, from))
                        .isEqualTo(expected.subList(Math.min(from, expected.size()), expected.size()));
            }
            try (PartitionLog log = PartitionLog.open(dir, config)) {
                assertThat(log.endOffset()).isEqualTo(expected.size());
                assertThat(LogTestSupport.readAll(log, 0)).isEqualTo(expected);
                assertThat(LogTestSupport.readAll(log, from))
                        .isEqualTo(expected.subList(Math.min(from, expected.size()), expected.size()));
            }
        } finally {
            LogFiles.deleteRecursively(dir);
        }
    }

    @Property(tries = 60)
    void offsetForTimestamp_isTheFirstRecordAtOrAfterTheTimestamp(
            @ForAll("timestamps") List<Long> timestamps, @ForAll @IntRange(min = -5, max = 1005) int probe,
            @ForAll @IntRange(min = 1, max = 600) int indexInterval) {
        Path dir = LogFiles.tempDir();
        LogConfig config = LogConfig.defaults().withSegmentBytes(512).withIndexIntervalBytes(indexInterval)
                .withFsync(FsyncPolicy.NEVER);
        try (PartitionLog log = PartitionLog.open(dir, config)) {
            for (long t : timestamps) {
                log.append(t, null, new byte[(int) (t % 40)]);
            }
            log.append(Long.MIN_VALUE, null, new byte[0]).join();
            long expected = timestamps.size() + 1;
            for (int i = 0; i < timestamps.size(); i++) {
                if (timestamps.get(i) >= probe) {
                    expected = i;
                    break;
                }
            }
            assertThat(log.offsetForTimestamp(probe)).isEqualTo(expected);
        } finally {
            LogFiles.deleteRecursively(dir);
        }
    }

    @Provide
    Arbitrary<List<Long>> timestamps() {
        return Arbitraries.longs().between(0, 1000).list().ofMaxSize(150);
    }
}
