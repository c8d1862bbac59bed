package dev.foundation.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foundation.core.Codecs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DurableStreamTest {

    record Order(String id, String customer, long total) {}

    record Totals(long count, long sum) {
        Totals add(Order o) {
            return new Totals(count + 1, sum + o.total());
        }
    }

    @TempDir
    Path dir;

    private StreamSpec<Order> spec(FsyncPolicy fsync) {
        return StreamSpec.of(Order.class).partitions(3).partitionBy(Order::customer)
                .persistence(Persistence.disk(dir).fsync(fsync).segmentSize(4096));
    }

    private static EventStreams registry() {
        return EventStreams.builder().drainTimeout(Duration.ofSeconds(5)).build();
    }

    private static List<Event<Order>> replay(EventStream<Order> s) throws Exception {
        List<Event<Order>> got = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        s.asPublisher(PublisherSpec.REPLAY).subscribe(new java.util.concurrent.Flow.Subscriber<Event<Order>>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription sub) {
                sub.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Event<Order> item) {
                got.add(item);
            }

            @Override
            public void onError(Throwable t) {
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        return got;
    }

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void publishedEvents_surviveARestart_andReplayFromEarliest(FsyncPolicy fsync) throws Exception {
        List<Receipt> receipts = new ArrayList<>();
        try (EventStreams streams = registry()) {
            EventStream<Order> orders = streams.create("orders", spec(fsync));
            List<CompletableFuture<Receipt>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(orders.publish(new Order("o" + i, "c" + (i % 5), i)).toCompletableFuture());
            }
            for (CompletableFuture<Receipt> f : futures) {
                receipts.add(f.get(30, TimeUnit.SECONDS));
            }
        }
        try (EventStreams streams = registry()) {
            EventStream<Order> orders = streams.create("orders", spec(fsync));
            assertThat(orders.stats().endOffsets().stream().mapToLong(Long::longValue).sum()).isEqualTo(200);
            List<Event<Order>> all = replay(orders);
            assertThat(all).hasSize(200);
            for (Receipt r : receipts) {
                Event<Order> e = all.stream().filter(x -> x.partition() == r.partition() && x.offset() == r.offset())
                        .findFirst().orElseThrow();
                assertThat(e.timestamp()).isEqualTo(r.timestamp());
            }
            assertThat(all.stream().map(e -> e.value().total()).sorted().toList())
                    .isEqualTo(java.util.stream.LongStream.range(0, 200).boxed().toList());
            assertThat(all).allSatisfy(e -> assertThat(e.key()).isEqualTo(e.value().customer()));
        }
    }

    @Test
    void durableSubscription_commitsOffsets_andResumesAfterRestart_withoutSkipping() throws Exception {
        List<Long> firstRun = new CopyOnWriteArrayList<>();
        try (EventStreams streams = registry()) {
            EventStream<Order> orders = streams.create("orders", spec(FsyncPolicy.GROUP_COMMIT));
            Subscription sub = orders.subscribe("billing", SubscriberSpec.<Order>builder()
                    .startFrom(StartPosition.EARLIEST).batch(10, Duration.ofMillis(10))
                    .handler(b -> b.forEach(e -> firstRun.add(e.value().total()))).build());
            for (int i = 0; i < 50; i++) {
                orders.publish(new Order("o" + i, "c" + (i % 5), i)).toCompletableFuture().join();
            }
            assertThat(sub.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            sub.cancel();
            for (int i = 50; i < 80; i++) {
                orders.publish(new Order("o" + i, "c" + (i % 5), i)).toCompletableFuture().join();
            }
        }
        assertThat(firstRun).hasSize(50);
        try (var files = Files.list(dir.resolve("orders/_subscriptions/billing"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".offset")).count()).isPositive();
        }
        List<Long> secondRun = new CopyOnWriteArrayList<>();
        try (EventStreams streams = registry()) {
            EventStream<Order> orders = streams.create("orders", spec(FsyncPolicy.GROUP_COMMIT));
            Subscription sub = orders.subscribe("billing", SubscriberSpec.<Order>builder()
                    .startFrom(StartPosition.EARLIEST) // ignored: the committed offsets win
                    .handler(b -> b.forEach(e -> secondRun.add(e.value().total()))).build());
            assertThat(sub.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            assertThat(sub.committedOffsets().stream().mapToLong(Long::longValue).sum()).isEqualTo(80);
        }
        assertThat(secondRun).containsExactlyInAnyOrderElementsOf(
                java.util.stream.LongStream.range(50, 80).boxed().toList());
    }

    @Test
    void startPositions_offsetAndTimestamp_onDisk() throws Exception {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000);
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
        try (EventStreams streams = EventStreams.builder().clock(clock).build()) {
            EventStream<String> s = streams.create("t", StreamSpec.of(String.class)
                    .persistence(Persistence.disk(dir).fsync(FsyncPolicy.NEVER)));
            for (int i = 0; i < 10; i++) {
                now.set(1_000_000 + i * 1000L);
                s.publish("e" + i).toCompletableFuture().join();
            }
            List<String> fromOffset = new CopyOnWriteArrayList<>();
            List<String> fromTime = new CopyOnWriteArrayList<>();
            Subscription a = s.subscribe("a", SubscriberSpec.<String>builder().startFrom(StartPosition.offset(7))
                    .handler(b -> b.forEach(e -> fromOffset.add(e.value()))).build());
            Subscription b = s.subscribe("b", SubscriberSpec.<String>builder()
                    .startFrom(StartPosition.timestamp(Instant.ofEpochMilli(1_004_500)))
                    .handler(x -> x.forEach(e -> fromTime.add(e.value()))).build());
            assertThat(a.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            assertThat(b.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            assertThat(fromOffset).containsExactly("e7", "e8", "e9");
            assertThat(fromTime).containsExactly("e5", "e6", "e7", "e8", "e9");
        }
    }

    @Test
    void laggingSubscriber_readsFromDisk_andNeverBlocksPublishers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Long> got = new CopyOnWriteArrayList<>();
        try (EventStreams streams = registry()) {
            EventStream<Order> orders = streams.create("orders", StreamSpec.of(Order.class).bufferSize(4)
                    .overflow(Overflow.FAIL).persistence(Persistence.disk(dir).fsync(FsyncPolicy.NEVER)));
            Subscription stuck = orders.subscribe("stuck", SubscriberSpec.<Order>builder().batch(100, Duration.ZERO)
                    .startFrom(StartPosition.EARLIEST).handler(b -> {
                        release.await();
                        b.forEach(e -> got.add(e.value().total()));
                    }).build());
            List<CompletableFuture<Receipt>> fs = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                fs.add(orders.publish(new Order("o" + i, "c", i)).toCompletableFuture()); // never FAIL: no buffer limit
            }
            for (CompletableFuture<Receipt> f : fs) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThat(orders.stats().rejected()).isZero();
            assertThat(stuck.stats().lag()).isEqualTo(2000);
            release.countDown();
            assertThat(stuck.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(got).isEqualTo(java.util.stream.LongStream.range(0, 2000).boxed().toList());
    }

    @Test
    void projection_snapshotsStateWithOffsets_resumesWithoutDoubleCounting_andRebuilds() throws Exception {
        try (EventStreams streams = registry()) {
            EventStream<Order> orders = streams.create("orders", spec(FsyncPolicy.GROUP_COMMIT));
            Projection<Totals> totals = orders.projection("totals", new Totals(0, 0), Totals::add);
            for (int i = 1; i <= 100; i++) {
                orders.publish(new Order("o" + i, "c" + (i % 3), i)).toCompletableFuture().join();
            }
            assertThat(totals.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            assertThat(totals.state()).isEqualTo(new Totals(100, 5050));
        }
        assertThat(Files.exists(dir.resolve("orders/_projections/totals.snapshot"))).isTrue();
        try (EventStreams streams = registry()) {
            EventStream<Order> orders = streams.create("orders", spec(FsyncPolicy.GROUP_COMMIT));
            Projection<Totals> totals = orders.projection("totals", new Totals(0, 0), Totals::add,
                    Codecs.json(Totals.class));
            assertThat(totals.state()).isEqualTo(new Totals(100, 5050)); // loaded, not replayed
            assertThat(totals.offsets().stream().mapToLong(Long::longValue).sum()).isEqualTo(100);
            orders.publish(new Order("o101", "c0", 101)).toCompletableFuture().join();
            assertThat(totals.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            assertThat(totals.state()).isEqualTo(new Totals(101, 5151));
            totals.rebuild();
            assertThat(totals.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            assertThat(totals.state()).isEqualTo(new Totals(101, 5151));
        }
    }

    @Test
    void secondRegistry_onTheSameDirectory_getsStreamLockedException() {
        try (EventStreams first = registry(); EventStreams second = registry()) {
            first.create("orders", spec(FsyncPolicy.NEVER));
            assertThatThrownBy(() -> second.create("orders", spec(FsyncPolicy.NEVER)))
                    .isInstanceOf(StreamLockedException.class).hasMessageContaining("orders");
        }
    }

    @Test
    void reopeningWithAnotherPartitionCount_isRefused() {
        try (EventStreams streams = registry()) {
            streams.create("orders", spec(FsyncPolicy.NEVER));
        }
        try (EventStreams streams = registry()) {
            assertThatThrownBy(() -> streams.create("orders", spec(FsyncPolicy.NEVER).partitions(5)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 partitions on disk");
        }
    }

    @Test
    void corruptClosedSegment_refusesToOpen_withClearError_unlessRepairIsAsked() throws Exception {
        try (EventStreams streams = registry()) {
            EventStream<Order> orders = streams.create("orders", StreamSpec.of(Order.class)
                    .persistence(Persistence.disk(dir).segmentSize(4096)));
            for (int i = 0; i < 200; i++) {
                orders.publish(new Order("o" + i, "c", i)).toCompletableFuture().join();
            }
        }
        Path firstSegment;
        try (var files = Files.list(dir.resolve("orders/0"))) {
            firstSegment = files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().findFirst()
                    .orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(firstSegment);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(firstSegment, bytes);
        try (EventStreams streams = registry()) {
            assertThatThrownBy(() -> streams.create("orders", StreamSpec.of(Order.class)
                    .persistence(Persistence.disk(dir).segmentSize(4096))))
                    .isInstanceOf(CorruptedLogException.class).hasMessageContaining(firstSegment.getFileName().toString());
        }
        try (EventStreams streams = registry()) {
            EventStream<Order> repaired = streams.create("orders", StreamSpec.of(Order.class)
                    .persistence(Persistence.disk(dir).segmentSize(4096).repairCorruption(true)));
            List<Event<Order>> all = replay(repaired);
            assertThat(all.size()).isLessThan(200);
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).value().total()).isEqualTo(i); // exactly the valid prefix
            }
        }
    }

    @Test
    void durableMeters_reportLogBytesAndSegments_andCloseLeavesNoThread() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        EventStreams streams = EventStreams.builder().meterRegistry(meters).build();
        EventStream<Order> orders = streams.create("orders", spec(FsyncPolicy.GROUP_COMMIT));
        orders.subscribe("s", SubscriberSpec.<Order>of(b -> { }));
        for (int i = 0; i < 100; i++) {
            orders.publish(new Order("o" + i, "c" + i, i)).toCompletableFuture().join();
        }
        double bytes = meters.get("foundation.events.log.bytes").tag("stream", "orders").gauges().stream()
                .mapToDouble(g -> g.value()).sum();
        assertThat(bytes).isPositive();
        assertThat(meters.get("foundation.events.log.segments").tag("stream", "orders").gauges()).hasSize(3);
        assertThat(meters.get("foundation.events.log.segments").tag("stream", "orders.dead-letter").gauges())
                .hasSize(1);
        streams.close();
        assertThat(meters.find("foundation.events.log.bytes").gauges()).isEmpty();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Threads.foundationThreads().stream().noneMatch(n -> n.contains("orders")));
    }
}
