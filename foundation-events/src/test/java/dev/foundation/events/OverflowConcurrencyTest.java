package dev.foundation.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several publisher threads, a fast and a slow subscriber, for each overflow strategy: BLOCK loses nothing,
 * FAIL refuses exactly what it did not store, DROP_NEWEST and DROP_OLDEST count exactly what they drop.
 */
class OverflowConcurrencyTest {

    private static final int PUBLISHERS = 4;
    private static final int PER_PUBLISHER = 5_000;
    private static final int PARTITIONS = 3;

    record Item(int publisher, int seq) {}

    /** A subscriber slower than the publishers: it spins a few microseconds per event (no sleeping). */
    private static void slowDown() {
        long until = System.nanoTime() + 3_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    @ParameterizedTest
    @EnumSource(Overflow.class)
    void concurrentPublishers_withSlowSubscriber_eachStrategyAccountsForEveryEvent(Overflow overflow) throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (EventStreams streams = EventStreams.builder().meterRegistry(meters).build()) {
            EventStream<Item> s = streams.create("c", StreamSpec.of(Item.class).partitions(PARTITIONS)
                    .partitionBy(i -> "p" + i.publisher() + "-" + (i.seq() % 5)).bufferSize(64).overflow(overflow)
                    .blockTimeout(Duration.ofMinutes(2)));
            List<Event<Item>> fast = new CopyOnWriteArrayList<>();
            List<Event<Item>> slow = new CopyOnWriteArrayList<>();
            Subscription fastSub = s.subscribe("fast", SubscriberSpec.<Item>builder().batch(32, Duration.ZERO)
                    .concurrency(PARTITIONS).handler(fast::addAll).build());
            Subscription slowSub = s.subscribe("slow", SubscriberSpec.<Item>builder().batch(8, Duration.ZERO)
                    .handler(b -> {
                        b.forEach(e -> slowDown());
                        slow.addAll(b);
                    }).build());

            Set<Item> stored = ConcurrentHashMap.newKeySet();
            AtomicLong rejected = new AtomicLong();
            AtomicLong droppedReceipts = new AtomicLong();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                int publisher = p;
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < PER_PUBLISHER; i++) {
                        Item item = new Item(publisher, i);
                        try {
                            Receipt r = s.publish(item).toCompletableFuture().join();
                            if (r.dropped()) {
                                droppedReceipts.incrementAndGet();
                            } else {
                                stored.add(item);
                            }
                        } catch (BackpressureException e) {
                            rejected.incrementAndGet();
                        }
                    }
                });
                threads.add(t);
                t.start();
            }
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertThat(fastSub.awaitCaughtUp(Duration.ofMinutes(2))).isTrue();
            assertThat(slowSub.awaitCaughtUp(Duration.ofMinutes(2))).isTrue();

            long total = (long) PUBLISHERS * PER_PUBLISHER;
            assertThat(stored.size() + rejected.get() + droppedReceipts.get()).isEqualTo(total);
            StreamStats stats = s.stats();
            assertThat(stats.published()).isEqualTo(stored.size());
            assertThat(stats.rejected()).isEqualTo(rejected.get());
            assertThat(stats.dropped()).isEqualTo(droppedReceipts.get());
            assertThat(meters.get("foundation.events.publish.dropped").functionCounter().count())
                    .isEqualTo((double) droppedReceipts.get());

            for (List<Event<Item>> got : List.of(fast, slow)) {
                assertPerPartitionOrder(got);
                Set<Item> unique = new HashSet<>();
                got.forEach(e -> assertThat(unique.add(e.value())).as("delivered once: %s", e).isTrue());
                assertThat(stored).containsAll(unique);
            }
            switch (overflow) {
                case BLOCK:
                    assertThat(stored).hasSize((int) total);
                    assertThat(fast).hasSize((int) total);
                    assertThat(slow).hasSize((int) total);
                    break;
                case FAIL:
                case DROP_NEWEST:
                    // whatever was stored reached both subscribers; the rest was refused or dropped, counted
                    assertThat(fast).hasSize(stored.size());
                    assertThat(slow).hasSize(stored.size());
                    assertThat(rejected.get() + droppedReceipts.get()).isPositive();
                    break;
                case DROP_OLDEST:
                default:
                    assertThat(stored).hasSize((int) total);
                    for (Subscription sub : List.of(fastSub, slowSub)) {
                        SubscriptionStats st = sub.stats();
                        assertThat(st.delivered() + st.dropped()).as(sub.name()).isEqualTo(total);
                    }
                    assertThat(slowSub.stats().dropped()).isPositive();
                    assertThat(slow).hasSize((int) (total - slowSub.stats().dropped()));
                    assertThat(meters.get("foundation.events.dropped").tag("subscription", "slow").counter().count())
                            .isEqualTo((double) slowSub.stats().dropped());
                    break;
            }
        }
    }

    private static void assertPerPartitionOrder(List<Event<Item>> got) {
        long[] last = new long[PARTITIONS];
        java.util.Arrays.fill(last, -1);
        int[][] lastSeq = new int[PARTITIONS][PUBLISHERS];
        for (int[] row : lastSeq) {
            java.util.Arrays.fill(row, -1);
        }
        for (Event<Item> e : got) {
            // offsets strictly increase within a partition, and so does each publisher's sequence
            assertThat(e.offset()).isGreaterThan(last[e.partition()]);
            last[e.partition()] = e.offset();
            assertThat(e.value().seq()).isGreaterThan(lastSeq[e.partition()][e.value().publisher()]);
            lastSeq[e.partition()][e.value().publisher()] = e.value().seq();
        }
    }
}
