package dev.foundation.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Disk faults under a durable stream, injected through {@link Persistence#channelOpener(FileChannelOpener)}
 * and observed only through the public API: a failed publish says what failed, where and why; every
 * acknowledged event stays readable, in order, exactly once, before and after a reopen; nothing half written
 * is ever delivered; and the stream's documented behaviour after the fault holds.
 */
class DurableStreamFaultTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final FailingDisk disk = new FailingDisk();

    private static EventStreams registry() {
        return EventStreams.builder().drainTimeout(Duration.ofSeconds(5)).build();
    }

    private static Receipt ack(EventStream<String> stream, String value) throws Exception {
        return stream.publish(value).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The exception a publish's stage failed with. */
    private static EventStorageException failure(CompletableFuture<Receipt> publish) {
        Throwable thrown = catchThrowable(() -> publish.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(EventStorageException.class);
        return (EventStorageException) thrown.getCause();
    }

    /** Subscribes from EARLIEST under a new name and returns what it has received once caught up. */
    private static List<Event<String>> readAll(EventStream<String> stream, String subscription)
            throws InterruptedException {
        List<Event<String>> got = new CopyOnWriteArrayList<>();
        Subscription sub = stream.subscribe(subscription, SubscriberSpec.<String>builder()
                .startFrom(StartPosition.EARLIEST).batch(500, Duration.ZERO).handler(got::addAll).build());
        assertThat(sub.awaitCaughtUp(WAIT)).isTrue();
        SubscriptionStats stats = sub.stats();
        assertThat(stats.dropped()).as("events skipped (undecodable or missing)").isZero();
        assertThat(stats.deadLettered()).isZero();
        assertThat(stats.delivered()).isEqualTo(got.size());
        sub.cancel();
        return new ArrayList<>(got);
    }

    private static List<String> values(List<Event<String>> events, int partition) {
        return events.stream().filter(e -> e.partition() == partition).map(Event::value).collect(Collectors.toList());
    }

    private static List<Long> offsets(List<Event<String>> events, int partition) {
        return events.stream().filter(e -> e.partition() == partition).map(Event::offset)
                .collect(Collectors.toList());
    }

    private static List<Long> range(long fromInclusive, long toExclusive) {
        return LongStream.range(fromInclusive, toExclusive).boxed().collect(Collectors.toList());
    }

    /** Name, size and CRC32 of the content of every file of a partition directory but its lock file. */
    private Map<String, String> partitionFiles(String stream, int partition) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir.resolve(stream).resolve(Integer.toString(partition)))) {
            for (Path p : (Iterable<Path>) list::iterator) {
                if (!p.getFileName().toString().startsWith(".")) {
                    byte[] content = Files.readAllBytes(p);
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    files.put(p.getFileName().toString(), content.length + " bytes, crc " + crc.getValue());
                }
            }
        }
        return files;
    }

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void diskFull_failsPublishWithClearError_keepsAcknowledgedEventsIntact_andPublishWorksOnceSpaceIsFree(
            FsyncPolicy fsync) throws Exception {
        StreamSpec<String> spec = StreamSpec.of(String.class)
                .persistence(Persistence.disk(dir).fsync(fsync).segmentSize(4096).channelOpener(disk));
        int acknowledged = 200;
        List<String> expected = new ArrayList<>();
        try (EventStreams streams = registry()) {
            EventStream<String> orders = streams.create("orders", spec);
            for (int i = 0; i < acknowledged; i++) {
                String value = "order-" + i;
                assertThat(ack(orders, value).offset()).isEqualTo(i);
                expected.add(value);
            }
            Map<String, String> filesBefore = partitionFiles("orders", 0);
            assertThat(filesBefore.keySet().stream().filter(n -> n.endsWith(".log"))).hasSizeGreaterThan(1);

            disk.fillUp(10); // 10 more bytes reach the disk (a torn record), then every write fails
            List<CompletableFuture<Receipt>> lost = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                lost.add(orders.publish("lost-" + i).toCompletableFuture());
            }
            for (CompletableFuture<Receipt> publish : lost) {
                EventStorageException e = failure(publish);
                assertThat(e).hasMessageContaining("publish to stream 'orders' partition 0 failed")
                        .hasMessageContaining(dir.resolve("orders").resolve("0").toString())
                        .hasMessageContaining(FailingDisk.DISK_FULL)
                        .hasMessageContaining("accepts further appends")
                        .hasRootCauseInstanceOf(IOException.class);
                assertThat(e.getCause()).isNotNull();
            }
            assertThat(disk.failedWrites()).isPositive();

            // consistent while the disk is still full: offsets, files and readers show the acknowledged events only
            assertThat(orders.stats().endOffsets()).containsExactly((long) acknowledged);
            assertThat(orders.stats().published()).isEqualTo(acknowledged);
            assertThat(partitionFiles("orders", 0)).as("no half-written record is left in the segment files")
                    .isEqualTo(filesBefore);
            List<Event<String>> duringFault = readAll(orders, "during-fault");
            assertThat(values(duringFault, 0)).isEqualTo(expected);
            assertThat(offsets(duringFault, 0)).isEqualTo(range(0, acknowledged));

            // the fault clears: publishing works again and the failed publishes took no offsets
            disk.repair();
            for (int i = 0; i < 20; i++) {
                String value = "after-" + i;
                assertThat(ack(orders, value).offset()).isEqualTo(acknowledged + i);
                expected.add(value);
            }
            List<Event<String>> afterFault = readAll(orders, "after-fault");
            assertThat(values(afterFault, 0)).isEqualTo(expected);
            assertThat(offsets(afterFault, 0)).isEqualTo(range(0, expected.size()));
        }

        // a reopen (with real channels) recovers exactly the acknowledged events: no failed one, nothing torn
        try (EventStreams streams = registry()) {
            EventStream<String> orders = streams.create("orders", StreamSpec.of(String.class)
                    .persistence(Persistence.disk(dir).fsync(fsync).segmentSize(4096)));
            List<Event<String>> reopened = readAll(orders, "after-reopen");
            assertThat(values(reopened, 0)).isEqualTo(expected).noneMatch(v -> v.startsWith("lost-"));
            assertThat(offsets(reopened, 0)).isEqualTo(range(0, expected.size()));
            assertThat(ack(orders, "next").offset()).isEqualTo(expected.size());
        }
    }

    @Test
    void failedForce_failsThePartitionUntilTheStreamIsCreatedAgain_otherPartitionsKeepWorking_andNothingAcknowledgedIsLost()
            throws Exception {
        StreamSpec<String> spec = StreamSpec.of(String.class).partitions(2).partitionBy(v -> v.substring(0, 1))
                .persistence(Persistence.disk(dir).fsync(FsyncPolicy.GROUP_COMMIT).segmentSize(4096)
                        .channelOpener(disk));
        try (EventStreams streams = registry()) {
            EventStream<String> orders = streams.create("orders", spec);
            int pa = ack(orders, "a-0").partition();
            int pb = ack(orders, "b-0").partition();
            assertThat(pa).as("keys a and b land in different partitions").isNotEqualTo(pb);
            List<String> ackedA = new ArrayList<>(List.of("a-0"));
            List<String> ackedB = new ArrayList<>(List.of("b-0"));
            for (int i = 1; i < 100; i++) {
                ack(orders, "a-" + i);
                ackedA.add("a-" + i);
                ack(orders, "b-" + i);
                ackedB.add("b-" + i);
            }

            // the device reports ENOSPC on fsync (delayed allocation): the write went to the page cache only
            disk.failForcesUnder(dir.resolve("orders").resolve(Integer.toString(pa)), FailingDisk.DISK_FULL);
            EventStorageException forced = failure(orders.publish("a-unsure").toCompletableFuture());
            assertThat(forced).hasMessageContaining("publish to stream 'orders' partition " + pa + " failed")
                    .hasMessageContaining(dir.resolve("orders").resolve(Integer.toString(pa)).toString())
                    .hasMessageContaining("failed to force its data to disk")
                    .hasMessageContaining(FailingDisk.DISK_FULL)
                    .hasMessageContaining("refuses publishes until the stream is closed and created again")
                    .hasRootCauseInstanceOf(IOException.class);
            assertThat(disk.failedForces()).isPositive();

            // the other partition is not affected
            assertThat(ack(orders, "b-ok").offset()).isEqualTo(100);
            ackedB.add("b-ok");

            // the fault clears, but a failed force is never retried: the partition stays failed, and says so
            disk.repair();
            EventStorageException refused = failure(orders.publish("a-refused").toCompletableFuture());
            assertThat(refused).hasMessageContaining("publish to stream 'orders' partition " + pa + " failed")
                    .hasMessageContaining("refuses appends after an earlier failure")
                    .hasMessageContaining(FailingDisk.DISK_FULL)
                    .hasMessageContaining("refuses publishes until the stream is closed and created again");
            assertThat(orders.stats().endOffsets().get(pa)).isEqualTo(100);
            assertThat(orders.stats().endOffsets().get(pb)).isEqualTo(101);

            // readers keep reading every acknowledged event, and nothing else
            List<Event<String>> failed = readAll(orders, "while-failed");
            assertThat(values(failed, pa)).isEqualTo(ackedA);
            assertThat(offsets(failed, pa)).isEqualTo(range(0, 100));
            assertThat(values(failed, pb)).isEqualTo(ackedB);
            assertThat(offsets(failed, pb)).isEqualTo(range(0, 101));

            // closing the stream and creating it again recovers the partition
            orders.close();
            orders = streams.create("orders", spec);
            List<Event<String>> recovered = readAll(orders, "after-recovery");
            List<String> a = values(recovered, pa);
            assertThat(a.subList(0, ackedA.size())).isEqualTo(ackedA);
            // the event whose force failed may or may not be there (here its write reached the page cache)
            assertThat(a.subList(ackedA.size(), a.size())).isIn(List.of(), List.of("a-unsure"));
            assertThat(offsets(recovered, pa)).isEqualTo(range(0, a.size()));
            assertThat(values(recovered, pb)).isEqualTo(ackedB);
            assertThat(offsets(recovered, pb)).isEqualTo(range(0, ackedB.size()));

            Receipt again = ack(orders, "a-again");
            assertThat(again.partition()).isEqualTo(pa);
            assertThat(again.offset()).isEqualTo(a.size());
        }
        // and a later process sees the same history
        try (EventStreams streams = registry()) {
            EventStream<String> orders = streams.create("orders", StreamSpec.of(String.class).partitions(2)
                    .partitionBy(v -> v.substring(0, 1)).persistence(Persistence.disk(dir).segmentSize(4096)));
            List<Event<String>> all = readAll(orders, "later");
            int pa = all.stream().filter(e -> e.value().startsWith("a-")).findFirst().orElseThrow().partition();
            List<String> a = values(all, pa);
            assertThat(a).startsWith(IntStream.range(0, 100).mapToObj(i -> "a-" + i).toArray(String[]::new))
                    .endsWith("a-again").doesNotContain("a-refused").doesNotHaveDuplicates();
            assertThat(offsets(all, pa)).isEqualTo(range(0, a.size()));
        }
    }

    @Test
    void channelOpener_isADiskOption_defaultsToFileChannelOpen_andTakesPartInEquality() {
        assertThat(Persistence.disk(dir).channelOpener()).isSameAs(FileChannelOpener.DEFAULT);
        assertThat(Persistence.disk(dir).channelOpener(disk).channelOpener()).isSameAs(disk);
        assertThat(Persistence.disk(dir).channelOpener(disk).fsync(FsyncPolicy.NEVER).segmentSize(8192)
                .retention(Duration.ofDays(1), 0).repairCorruption(true).channelOpener()).isSameAs(disk);
        assertThat(Persistence.disk(dir).channelOpener(disk)).isNotEqualTo(Persistence.disk(dir))
                .isEqualTo(Persistence.disk(dir).channelOpener(disk));
        assertThat(Persistence.disk(dir).channelOpener(disk).toString()).contains("channelOpener");
        assertThat(Persistence.disk(dir).toString()).doesNotContain("channelOpener");
        assertThatThrownBy(() -> Persistence.memory().channelOpener(disk)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("channelOpener");
        assertThatThrownBy(() -> Persistence.disk(dir).channelOpener(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("opener");
    }
}
