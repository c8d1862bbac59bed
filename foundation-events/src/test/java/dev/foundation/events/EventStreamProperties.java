package dev.foundation.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Core invariants of memory streams over random publish sequences. */
class EventStreamProperties {

    /** A published value: an optional key (null = round-robin) and a sequence number. */
    record Item(String key, int seq) {}

    @Provide
    Arbitrary<List<String>> keys() {
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.just((String) null),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(4));
        return key.list().ofMinSize(0).ofMaxSize(300);
    }

    @Property(tries = 40)
    void everySubscriberWithoutFilter_receivesEveryEventOnce_inPublishOrderPerPartition_withGapFreeOffsets(
            @ForAll("keys") List<String> keys, @ForAll @IntRange(min = 1, max = 8) int partitions,
            @ForAll @IntRange(min = 1, max = 3) int subscribers, @ForAll @IntRange(min = 1, max = 50) int batch)
            throws Exception {
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<Item> s = streams.create("p", StreamSpec.of(Item.class).partitions(partitions)
                    .partitionBy(Item::key).bufferSize(64).overflow(Overflow.BLOCK));
            List<List<Event<Item>>> received = new ArrayList<>();
            List<Subscription> subs = new ArrayList<>();
            for (int i = 0; i < subscribers; i++) {
                List<Event<Item>> got = new CopyOnWriteArrayList<>();
                received.add(got);
                subs.add(s.subscribe("s" + i, SubscriberSpec.<Item>builder().batch(batch, Duration.ofMillis(5))
                        .concurrency(1 + i % partitions).handler(got::addAll).build()));
            }
            List<Receipt> receipts = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                receipts.add(s.publish(new Item(keys.get(i), i)).toCompletableFuture().join());
            }
            for (Subscription sub : subs) {
                assertThat(sub.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            }
            // offsets gap-free per partition, starting at 0, in publish order; same key -> same partition
            Map<Integer, Long> nextOffset = new HashMap<>();
            Map<String, Integer> partitionOfKey = new HashMap<>();
            for (int i = 0; i < receipts.size(); i++) {
                Receipt r = receipts.get(i);
                assertThat(r.offset()).isEqualTo(nextOffset.getOrDefault(r.partition(), 0L));
                nextOffset.put(r.partition(), r.offset() + 1);
                if (keys.get(i) != null) {
                    assertThat(partitionOfKey.computeIfAbsent(keys.get(i), k -> r.partition())).isEqualTo(r.partition());
                }
            }
            for (List<Event<Item>> got : received) {
                assertThat(got).hasSize(keys.size());
                assertThat(got.stream().map(e -> e.value().seq()).sorted().toList())
                        .isEqualTo(java.util.stream.IntStream.range(0, keys.size()).boxed().toList());
                for (int p = 0; p < partitions; p++) {
                    int part = p;
                    List<Event<Item>> inPartition = got.stream().filter(e -> e.partition() == part).toList();
                    for (int k = 0; k < inPartition.size(); k++) {
                        assertThat(inPartition.get(k).offset()).isEqualTo(k);
                        if (k > 0) {
                            assertThat(inPartition.get(k).value().seq()).isGreaterThan(inPartition.get(k - 1).value().seq());
                        }
                        assertThat(receipts.get(inPartition.get(k).value().seq()).partition()).isEqualTo(part);
                    }
                }
            }
        }
    }

    @Property(tries = 30)
    void filteredSubscriber_receivesExactlyTheMatchingEvents(@ForAll @Size(max = 300) List<@IntRange(max = 1000) Integer> values,
                                                             @ForAll @IntRange(min = 1, max = 1000) int threshold,
                                                             @ForAll @IntRange(min = 1, max = 4) int partitions)
            throws Exception {
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<Integer> s = streams.create("f", StreamSpec.of(Integer.class).partitions(partitions)
                    .bufferSize(32));
            List<Integer> got = new CopyOnWriteArrayList<>();
            Subscription sub = s.subscribe("f", SubscriberSpec.<Integer>builder().filter(v -> v >= threshold)
                    .batch(7, Duration.ofMillis(5)).handler(b -> b.forEach(e -> got.add(e.value()))).build());
            for (int v : values) {
                s.publish(v);
            }
            assertThat(sub.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            assertThat(got).containsExactlyInAnyOrderElementsOf(values.stream().filter(v -> v >= threshold).toList());
            assertThat(sub.stats().filtered()).isEqualTo(values.stream().filter(v -> v < threshold).count());
        }
    }

    @Property(tries = 15)
    void batches_neverExceedTheSize_andNeverWaitPastTheTimeoutPlusSlack(
            @ForAll @IntRange(min = 1, max = 40) int size, @ForAll @IntRange(min = 5, max = 60) int timeoutMillis,
            @ForAll @Size(min = 1, max = 120) List<@IntRange(min = 0, max = 3) Integer> pauses) throws Exception {
        long slackMillis = 1000; // scheduling slack on a loaded 2-core machine
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<Long> s = streams.create("b", StreamSpec.of(Long.class).bufferSize(256));
            List<Long> waits = new CopyOnWriteArrayList<>();
            List<Integer> sizes = new CopyOnWriteArrayList<>();
            Subscription sub = s.subscribe("b", SubscriberSpec.<Long>builder()
                    .batch(size, Duration.ofMillis(timeoutMillis))
                    .handler(b -> {
                        sizes.add(b.size());
                        waits.add(System.nanoTime() - b.get(0).value());
                    }).build());
            for (int pause : pauses) {
                if (pause == 0) {
                    // a burst: several events at once
                    for (int i = 0; i < 5; i++) {
                        s.publish(System.nanoTime());
                    }
                } else {
                    s.publish(System.nanoTime());
                }
            }
            assertThat(sub.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            assertThat(sizes).allSatisfy(n -> assertThat(n).isBetween(1, size));
            assertThat(waits).allSatisfy(w -> assertThat(Duration.ofNanos(w))
                    .isLessThanOrEqualTo(Duration.ofMillis(timeoutMillis + slackMillis)));
        }
    }

    /**
     * Publishers blocked on a full partition are woken when the slowest subscriber frees a slot, however the
     * subscribers interleave: a lost wake-up would leave a publisher waiting until its timeout, which fails the
     * publish with a {@link BackpressureException}.
     */
    @Property(tries = 25)
    void blockedPublishers_alwaysResume_andEverySubscriberSeesEveryEvent(
            @ForAll @IntRange(min = 1, max = 3) int publishers, @ForAll @IntRange(min = 1, max = 4) int subscribers,
            @ForAll @IntRange(min = 1, max = 16) int buffer, @ForAll @IntRange(min = 1, max = 8) int batch)
            throws Exception {
        int perPublisher = 500;
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<Integer> s = streams.create("w", StreamSpec.of(Integer.class).bufferSize(buffer)
                    .overflow(Overflow.BLOCK).blockTimeout(Duration.ofSeconds(60)));
            List<AtomicLong> counts = new ArrayList<>();
            List<Subscription> subs = new ArrayList<>();
            for (int i = 0; i < subscribers; i++) {
                AtomicLong count = new AtomicLong();
                counts.add(count);
                int every = i + 2;
                subs.add(s.subscribe("s" + i, SubscriberSpec.<Integer>builder().batch(batch, Duration.ZERO)
                        .handler(b -> {
                            if (count.addAndGet(b.size()) % every == 0) {
                                Thread.yield(); // subscribers of different speeds
                            }
                        }).build()));
            }
            ExecutorService pool = Executors.newFixedThreadPool(publishers);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int p = 0; p < publishers; p++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < perPublisher; i++) {
                            s.publish(i);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get(); // throws if a publish failed
                }
            } finally {
                pool.shutdownNow();
            }
            for (int i = 0; i < subscribers; i++) {
                assertThat(subs.get(i).awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
                assertThat(counts.get(i).get()).isEqualTo((long) publishers * perPublisher);
            }
            assertThat(s.stats().rejected()).isZero();
        }
    }
}
