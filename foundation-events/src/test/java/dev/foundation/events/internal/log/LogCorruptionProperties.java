package dev.foundation.events.internal.log;

import dev.foundation.events.CorruptedLogException;
import dev.foundation.events.FsyncPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** What recovery and readers do with damaged segment files. */
class LogCorruptionProperties {

    private static final LogConfig CONFIG = LogConfig.defaults().withSegmentBytes(512).withIndexIntervalBytes(64)
            .withFsync(FsyncPolicy.NEVER);

    @Provide
    Arbitrary<List<LogRecord>> records() {
        Arbitrary<LogRecord> record = Combinators.combine(
                Arbitraries.longs().between(0, 1_000_000),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(24).injectNull(0.3),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(120))
                .as((ts, key, payload) -> new LogRecord(0, ts, key, payload));
        return record.list().ofMinSize(3).ofMaxSize(40);
    }

    /** At least 15 records of at least 44 bytes: more than one 512-byte segment, so closed segments exist. */
    @Provide
    Arbitrary<List<LogRecord>> manyRecords() {
        Arbitrary<LogRecord> record = Combinators.combine(
                Arbitraries.longs().between(0, 1_000_000),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(24).injectNull(0.3),
                Arbitraries.bytes().array(byte[].class).ofMinSize(16).ofMaxSize(120))
                .as((ts, key, payload) -> new LogRecord(0, ts, key, payload));
        return record.list().ofMinSize(15).ofMaxSize(60);
    }

    /** Writes the records and returns them with their offsets. */
    private static List<LogRecord> write(Path dir, List<LogRecord> records) {
        List<LogRecord> out = new ArrayList<>();
        try (PartitionLog log = PartitionLog.open(dir, CONFIG)) {
            for (LogRecord r : records) {
                long offset = log.append(r.timestampMillis(), r.key(), r.payload()).join();
                out.add(new LogRecord(offset, r.timestampMillis(), r.key(), r.payload()));
            }
        }
        return out;
    }

    private static int recordsInSegmentsBefore(Path dir, int segmentIndex) {
        int n = 0;
        List<Path> segs = LogFiles.segments(dir);
        for (int i = 0; i < segmentIndex; i++) {
            n += LogFiles.frameBoundaries(segs.get(i)).size() - 1;
        }
        return n;
    }

    @Property(tries = 100)
    void truncatedTail_recoveryKeepsExactlyTheCompleteRecords(@ForAll("records") List<LogRecord> input,
                                                            @ForAll @DoubleRange(min = 0, max = 1) double cut) {
        Path dir = LogFiles.tempDir();
        try {
            List<LogRecord> written = write(dir, input);
            List<Path> segs = LogFiles.segments(dir);
            Path last = segs.get(segs.size() - 1);
            List<Long> bounds = LogFiles.frameBoundaries(last);
            long size = LogFiles.size(last);
            long cutAt = Math.round(cut * size);
            LogFiles.truncate(last, cutAt);
            int before = recordsInSegmentsBefore(dir, segs.size() - 1);
            int kept = 0;
            for (int i = 1; i < bounds.size(); i++) {
                if (bounds.get(i) <= cutAt) {
                    kept = i;
                }
            }
            List<LogRecord> expected = written.subList(0, before + kept);
            try (PartitionLog log = PartitionLog.open(dir, CONFIG)) {
                assertThat(LogTestSupport.readAll(log, 0)).isEqualTo(expected);
                assertThat(log.endOffset()).isEqualTo(expected.size());
                assertThat(log.append(7, null, new byte[] {1}).join()).isEqualTo(expected.size());
            }
            assertThat(LogTestSupport.readAll(dir, CONFIG)).hasSize(expected.size() + 1);
        } finally {
            LogFiles.deleteRecursively(dir);
        }
    }

    @Property(tries = 100)
    void flippedBitInTail_recoveryKeepsExactlyTheRecordsBeforeIt(@ForAll("records") List<LogRecord> input,
                                                                 @ForAll @DoubleRange(min = 0, max = 1) double where) {
        Path dir = LogFiles.tempDir();
        try {
            List<LogRecord> written = write(dir, input);
            List<Path> segs = LogFiles.segments(dir);
            Path last = segs.get(segs.size() - 1);
            List<Long> bounds = LogFiles.frameBoundaries(last);
            long size = LogFiles.size(last);
            Assume.that(size > LogFormat.HEADER_SIZE); // the last segment must hold a record to damage
            long bits = (size - LogFormat.HEADER_SIZE) * 8;
            long bit = LogFormat.HEADER_SIZE * 8L + Math.min(bits - 1, (long) (where * bits));
            LogFiles.flipBit(last, bit);
            long bytePos = bit / 8;
            int damaged = 0;
            while (bounds.get(damaged + 1) <= bytePos) {
                damaged++;
            }
            int before = recordsInSegmentsBefore(dir, segs.size() - 1);
            List<LogRecord> expected = written.subList(0, before + damaged);
            try (PartitionLog log = PartitionLog.open(dir, CONFIG)) {
                assertThat(LogTestSupport.readAll(log, 0)).isEqualTo(expected);
                assertThat(log.endOffset()).isEqualTo(expected.size());
            }
        } finally {
            LogFiles.deleteRecursively(dir);
        }
    }

    @Property(tries = 100)
    void flippedBitInClosedSegment_isDetectedOnOpen_andRepairKeepsOnlyIntactRecords(
            @ForAll("manyRecords") List<LogRecord> input, @ForAll @DoubleRange(min = 0, max = 1) double where,
            @ForAll @IntRange(min = 0, max = 1000) int segmentPick) {
        Path dir = LogFiles.tempDir();
        try {
            List<LogRecord> written = write(dir, input);
            List<Path> segs = LogFiles.segments(dir);
            Assume.that(segs.size() >= 2); // there must be a closed segment
            int victim = segmentPick % (segs.size() - 1);
            Path segment = segs.get(victim);
            long bits = LogFiles.size(segment) * 8;
            long bit = Math.min(bits - 1, (long) (where * bits));
            List<Long> bounds = LogFiles.frameBoundaries(segment);
            LogFiles.flipBit(segment, bit);
            long bytePos = bit / 8;

            CorruptedLogException e = catchThrowableOfType(CorruptedLogException.class,
                    () -> PartitionLog.open(dir, CONFIG).close());
            assertThat(e).as("corruption at byte %d of %s must be detected", bytePos, segment).isNotNull();
            assertThat(e.file()).isEqualTo(segment);
            assertThat(e.position()).isLessThanOrEqualTo(bytePos);
            assertThat(e.getMessage()).contains(segment.getFileName().toString()).contains("repairCorruption");

            int damaged = -1; // -1: the header
            if (bytePos >= LogFormat.HEADER_SIZE) {
                damaged = 0;
                while (bounds.get(damaged + 1) <= bytePos) {
                    damaged++;
                }
            }
            int before = recordsInSegmentsBefore(dir, victim);
            List<LogRecord> expected = written.subList(0, before + Math.max(damaged, 0));
            try (PartitionLog log = PartitionLog.open(dir, CONFIG.withRepairCorruption(true))) {
                assertThat(LogTestSupport.readAll(log, 0)).isEqualTo(expected);
                assertThat(log.append(1, null, new byte[] {9}).join()).isEqualTo(expected.size());
            }
        } finally {
            LogFiles.deleteRecursively(dir);
        }
    }

    @Property(tries = 100)
    void flippedBitWhileOpen_isNeverDelivered(@ForAll("manyRecords") List<LogRecord> input,
                                             @ForAll @DoubleRange(min = 0, max = 1) double where) {
        Path dir = LogFiles.tempDir();
        try (PartitionLog log = PartitionLog.open(dir, CONFIG)) {
            List<LogRecord> written = new ArrayList<>();
            for (LogRecord r : input) {
                long offset = log.append(r.timestampMillis(), r.key(), r.payload()).join();
                written.add(new LogRecord(offset, r.timestampMillis(), r.key(), r.payload()));
            }
            List<Path> segs = LogFiles.segments(dir);
            Path segment = segs.get((int) (where * (segs.size() - 1)));
            long size = LogFiles.size(segment);
            Assume.that(size > LogFormat.HEADER_SIZE);
            long bits = (size - LogFormat.HEADER_SIZE) * 8;
            long bit = LogFormat.HEADER_SIZE * 8L + Math.min(bits - 1, (long) (where * bits));
            LogFiles.flipBit(segment, bit);
            List<LogRecord> delivered = new ArrayList<>();
            try (LogReader reader = log.reader(0)) {
                assertThatThrownBy(() -> {
                    for (List<LogRecord> batch; !(batch = reader.poll(7)).isEmpty(); ) {
                        delivered.addAll(batch);
                    }
                }).isInstanceOf(CorruptedLogException.class).hasMessageContaining(segment.getFileName().toString());
            }
            assertThat(delivered).isEqualTo(written.subList(0, delivered.size()));
        } finally {
            LogFiles.deleteRecursively(dir);
        }
    }
}
