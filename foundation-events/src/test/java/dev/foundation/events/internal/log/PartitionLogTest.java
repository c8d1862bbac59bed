package dev.foundation.events.internal.log;

import dev.foundation.events.FsyncPolicy;
import dev.foundation.events.StreamLockedException;
import static dev.foundation.events.internal.log.LogTestSupport.bytes;
import static dev.foundation.events.internal.log.LogTestSupport.readAll;
import static dev.foundation.events.internal.log.LogTestSupport.small;
import static dev.foundation.events.internal.log.LogTestSupport.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PartitionLogTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void append_assignsGapFreeOffsets_andReaderReturnsRecordsInOrder(FsyncPolicy policy) {
        try (PartitionLog log = PartitionLog.open(dir, small().withFsync(policy))) {
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                futures.add(log.append(1000 + i, i % 3 == 0 ? null : bytes("k" + i), bytes("payload-" + i)));
            }
            for (int i = 0; i < 100; i++) {
                assertThat(futures.get(i).join()).isEqualTo(i);
            }
            assertThat(log.endOffset()).isEqualTo(100);
            assertThat(log.durableEndOffset()).isEqualTo(100);
            List<LogRecord> records = readAll(log, 0);
            assertThat(records).hasSize(100);
            for (int i = 0; i < 100; i++) {
                LogRecord r = records.get(i);
                assertThat(r.offset()).isEqualTo(i);
                assertThat(r.timestampMillis()).isEqualTo(1000 + i);
                assertThat(r.key()).isEqualTo(i % 3 == 0 ? null : bytes("k" + i));
                assertThat(string(r.payload())).isEqualTo("payload-" + i);
            }
            assertThat(log.stats().segments()).isGreaterThan(1);
        }
    }

    @Test
    void reopen_recoversAllRecords_acrossSegments() {
        try (PartitionLog log = PartitionLog.open(dir, small())) {
            for (int i = 0; i < 200; i++) {
                log.append(i, null, bytes("r" + i));
            }
            log.append(200, null, bytes("last")).join();
        }
        try (PartitionLog log = PartitionLog.open(dir, small())) {
            assertThat(log.startOffset()).isZero();
            assertThat(log.endOffset()).isEqualTo(201);
            List<LogRecord> all = readAll(log, 0);
            assertThat(all).extracting(LogRecord::offset).containsExactlyElementsOf(
                    Stream.iterate(0L, x -> x + 1).limit(201).collect(Collectors.toList()));
            assertThat(string(all.get(200).payload())).isEqualTo("last");
            assertThat(log.append(300, null, bytes("more")).join()).isEqualTo(201);
        }
    }

    @Test
    void reader_seeksToAnyOffset_usingTheSparseIndex() {
        try (PartitionLog log = PartitionLog.open(dir, small())) {
            for (int i = 0; i < 300; i++) {
                log.append(i, null, bytes("r" + i));
            }
            log.append(300, null, bytes("r300")).join();
            for (long from : new long[] {0, 1, 17, 150, 299, 300}) {
                List<LogRecord> records = readAll(log, from);
                assertThat(records).hasSize((int) (301 - from));
                assertThat(records.get(0).offset()).isEqualTo(from);
                assertThat(string(records.get(0).payload())).isEqualTo("r" + from);
            }
            assertThat(readAll(log, 301)).isEmpty();
        }
    }

    @Test
    void reader_beyondEnd_returnsRecordsOnceTheyArrive() {
        try (PartitionLog log = PartitionLog.open(dir, small()); LogReader reader = log.reader(5)) {
            assertThat(reader.poll(10)).isEmpty();
            for (int i = 0; i < 8; i++) {
                log.append(i, null, bytes("r" + i)).join();
            }
            List<LogRecord> got = reader.poll(10);
            assertThat(got).extracting(LogRecord::offset).containsExactly(5L, 6L, 7L);
            assertThat(reader.position()).isEqualTo(8);
        }
    }

    @Test
    void reader_farBeyondEnd_startsExactlyAtItsPosition_afterManySegmentRolls() {
        try (PartitionLog log = PartitionLog.open(dir, small()); LogReader reader = log.reader(500)) {
            assertThat(reader.poll(10)).isEmpty();
            for (int i = 0; i < 600; i++) {
                log.append(i, null, bytes("r" + i));
            }
            log.append(600, null, bytes("r600")).join();
            assertThat(log.stats().segments()).isGreaterThan(10);
            List<LogRecord> got = reader.poll(1000);
            assertThat(got).hasSize(101);
            assertThat(got.get(0).offset()).isEqualTo(500);
            assertThat(string(got.get(0).payload())).isEqualTo("r500");
        }
    }

    @Test
    void concurrentAppenders_getUniqueGapFreeOffsets_andEveryRecordIsStored() throws Exception {
        int threads = 8;
        int perThread = 500;
        Set<Long> offsets = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults().withSegmentBytes(16 * 1024))) {
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread w = new Thread(() -> {
                    try {
                        start.await();
                        List<CompletableFuture<Long>> mine = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            mine.add(log.append(i, bytes("t" + id), bytes(id + ":" + i)));
                        }
                        long previous = -1;
                        for (CompletableFuture<Long> f : mine) {
                            long offset = f.get(30, TimeUnit.SECONDS);
                            assertThat(offset).isGreaterThan(previous);
                            previous = offset;
                            offsets.add(offset);
                        }
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                workers.add(w);
                w.start();
            }
            start.countDown();
            for (Thread w : workers) {
                w.join(TimeUnit.SECONDS.toMillis(60));
            }
            assertThat(offsets).hasSize(threads * perThread);
            assertThat(offsets).allMatch(o -> o >= 0 && o < threads * perThread);
            List<LogRecord> all = readAll(log, 0);
            assertThat(all).hasSize(threads * perThread);
            Set<String> payloads = all.stream().map(r -> string(r.payload())).collect(Collectors.toSet());
            assertThat(payloads).hasSize(threads * perThread);
        }
    }

    @Test
    void close_isIdempotent_andLeavesNoWriterThread() {
        Set<String> before = LogTestSupport.logWriterThreads();
        PartitionLog log = PartitionLog.open(dir, small());
        LogReader reader = log.reader(0);
        log.append(1, null, bytes("x")).join();
        log.close();
        log.close();
        assertThat(LogTestSupport.logWriterThreads()).isEqualTo(before);
        assertThatThrownBy(() -> log.append(2, null, bytes("y"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> reader.poll(1)).isInstanceOf(IllegalStateException.class);
        try (PartitionLog again = PartitionLog.open(dir, small())) {
            assertThat(again.endOffset()).isEqualTo(1);
        }
    }

    @Test
    void open_twice_failsWithLogLockedException() {
        try (PartitionLog log = PartitionLog.open(dir, small())) {
            assertThatThrownBy(() -> PartitionLog.open(dir, small())).isInstanceOf(StreamLockedException.class)
                    .hasMessageContaining(dir.toString()).hasMessageContaining("locked");
            assertThat(log.endOffset()).isZero();
        }
    }

    @Test
    void append_rejectsRecordLargerThanASegment() {
        try (PartitionLog log = PartitionLog.open(dir, small())) {
            assertThatThrownBy(() -> log.append(0, null, new byte[2000])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Persistence.segmentSize");
            byte[] biggest = new byte[1024 - LogFormat.HEADER_SIZE - LogFormat.RECORD_OVERHEAD];
            log.append(0, null, bytes("small")).join();
            assertThat(log.append(1, null, biggest).join()).isEqualTo(1);
            assertThat(readAll(log, 1).get(0).payload()).isEqualTo(biggest);
        }
    }

    @Test
    void offsetForTimestamp_returnsFirstRecordAtOrAfter_evenWithUnorderedTimestamps() {
        long[] ts = {10, 20, 15, 30, 25, 40, 40, 50};
        try (PartitionLog log = PartitionLog.open(dir, small().withIndexIntervalBytes(1))) {
            for (int round = 0; round < 20; round++) {
                for (long t : ts) {
                    log.append(round * 100 + t, null, bytes("x")).join();
                }
            }
            List<LogRecord> all = readAll(log, 0);
            for (long t = 0; t <= 2100; t += 7) {
                long expected = log.durableEndOffset();
                for (LogRecord r : all) {
                    if (r.timestampMillis() >= t) {
                        expected = r.offset();
                        break;
                    }
                }
                assertThat(log.offsetForTimestamp(t)).as("t=%d", t).isEqualTo(expected);
            }
        }
    }

    @Test
    void missingOrStaleIndexFiles_areRebuiltOnOpen() throws Exception {
        try (PartitionLog log = PartitionLog.open(dir, small())) {
            for (int i = 0; i < 100; i++) {
                log.append(i, null, bytes("r" + i));
            }
            log.append(100, null, bytes("r100")).join();
        }
        List<Path> indexes;
        try (Stream<Path> files = Files.list(dir)) {
            indexes = files.filter(p -> p.toString().endsWith(".idx")).sorted().collect(Collectors.toList());
        }
        assertThat(indexes).hasSizeGreaterThan(2);
        byte[] original = Files.readAllBytes(indexes.get(1));
        Files.delete(indexes.get(0));
        Files.write(indexes.get(1), new byte[] {1, 2, 3});
        try (PartitionLog log = PartitionLog.open(dir, small())) {
            assertThat(readAll(log, 0)).hasSize(101);
            assertThat(readAll(log, 50).get(0).offset()).isEqualTo(50);
        }
        assertThat(indexes.get(0)).exists();
        assertThat(Files.readAllBytes(indexes.get(1))).isEqualTo(original);
    }
}
