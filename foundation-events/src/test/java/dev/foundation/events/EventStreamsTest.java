package dev.foundation.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventStreamsTest {

    record Order(String id, String customer, long total) {}

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EventStreams streams = EventStreams.builder().meterRegistry(meters).drainTimeout(Duration.ofSeconds(5))
            .build();

    @AfterEach
    void close() {
        streams.close();
    }

    @Test
    void publish_assignsGapFreeOffsetsPerPartition_andSameKeyToSamePartition() {
        EventStream<Order> orders = streams.create("orders", StreamSpec.of(Order.class).partitions(4)
                .partitionBy(Order::customer).bufferSize(1000));
        List<Receipt> receipts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            receipts.add(orders.publish(new Order("o" + i, "c" + (i % 7), i)).toCompletableFuture().join());
        }
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < 100; j++) {
                if (i % 7 == j % 7) {
                    assertThat(receipts.get(i).partition()).isEqualTo(receipts.get(j).partition());
                }
            }
        }
        for (int p = 0; p < 4; p++) {
            int part = p;
            List<Long> offsets = receipts.stream().filter(r -> r.partition() == part).map(Receipt::offset).toList();
            for (int k = 0; k < offsets.size(); k++) {
                assertThat(offsets.get(k)).isEqualTo(k);
            }
        }
        assertThat(orders.stats().published()).isEqualTo(100);
    }

    @Test
    void publish_withoutKey_spreadsRoundRobin() {
        EventStream<String> s = streams.create("rr", StreamSpec.of(String.class).partitions(3));
        List<Integer> parts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            parts.add(s.publish("e" + i).toCompletableFuture().join().partition());
        }
        assertThat(parts).containsExactly(0, 1, 2, 0, 1, 2);
    }

    @Test
    void create_returnsSameStream_forSameSpec_andRejectsDifferentSpec() {
        EventStream<String> a = streams.create("s", StreamSpec.of(String.class).partitions(2));
        assertThat(streams.create("s", StreamSpec.of(String.class).partitions(2))).isSameAs(a);
        assertThatThrownBy(() -> streams.create("s", StreamSpec.of(String.class).partitions(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists");
        assertThat(streams.names()).containsExactly("s", "s.dead-letter");
        assertThat(streams.find("s", String.class)).containsSame(a);
        assertThatThrownBy(() -> streams.find("s", Integer.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void specs_rejectInvalidArguments_withMessagesNamingTheParameter() {
        assertThatThrownBy(() -> StreamSpec.of(String.class).partitions(0))
                .hasMessage("partitions must be in 1..4096 but was 0");
        assertThatThrownBy(() -> StreamSpec.of(String.class).bufferSize(-3))
                .hasMessage("bufferSize must be in 1..16777216 but was -3");
        assertThatThrownBy(() -> SubscriberSpec.<String>builder().batch(-3, Duration.ZERO))
                .hasMessage("maxBatchSize must be > 0 but was -3");
        assertThatThrownBy(() -> SubscriberSpec.<String>builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .hasMessage("maxAttempts must be >= 1 but was 0");
        assertThatThrownBy(() -> streams.create("bad name!", StreamSpec.of(String.class)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stream name");
        assertThatThrownBy(() -> Persistence.memory().fsync(FsyncPolicy.NEVER)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void subscribe_withFilterAndBatch_deliversOnlyMatchingEvents_inBatchesOfAtMostTheSize() throws Exception {
        EventStream<Order> orders = streams.create("orders", StreamSpec.of(Order.class).bufferSize(1000));
        List<List<Event<Order>>> batches = new CopyOnWriteArrayList<>();
        Subscription sub = orders.subscribe("billing", SubscriberSpec.<Order>builder()
                .filter(o -> o.total() > 100)
                .batch(10, Duration.ofMillis(50))
                .handler(batches::add)
                .build());
        for (int i = 0; i < 300; i++) {
            orders.publish(new Order("o" + i, "c", i));
        }
        assertThat(sub.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
        List<Long> totals = batches.stream().flatMap(List::stream).map(e -> e.value().total()).toList();
        List<Long> expected = new ArrayList<>();
        for (long i = 101; i < 300; i++) {
            expected.add(i);
        }
        assertThat(totals).isEqualTo(expected);
        assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeBetween(1, 10));
        assertThat(sub.stats().filtered()).isEqualTo(101);
        assertThat(sub.stats().delivered()).isEqualTo(199);
        assertThat(meters.get("foundation.events.delivered").tag("subscription", "billing").counter().count())
                .isEqualTo(199.0);
        assertThat(meters.get("foundation.events.published").tag("stream", "orders").functionCounter().count())
                .isEqualTo(300.0);
        assertThat(meters.get("foundation.events.batch.size").summary().max()).isLessThanOrEqualTo(10.0);
    }

    @Test
    void partialBatch_isDeliveredByTheTimer_withoutAnotherEvent() throws Exception {
        EventStream<String> s = streams.create("t", StreamSpec.of(String.class));
        CountDownLatch delivered = new CountDownLatch(1);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        s.subscribe("timer", SubscriberSpec.<String>builder().batch(100, Duration.ofMillis(200))
                .handler(b -> {
                    sizes.add(b.size());
                    delivered.countDown();
                }).build());
        long t0 = System.nanoTime();
        s.publish("a");
        s.publish("b");
        assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(waited).isGreaterThanOrEqualTo(190);
        assertThat(sizes).containsExactly(2);
    }

    @Test
    void failingHandler_isRetriedWithBackoff_thenDeadLettered_andProcessingContinues() throws Exception {
        EventStream<String> s = streams.create("jobs", StreamSpec.of(String.class));
        List<DeadLetter<String>> dead = new CopyOnWriteArrayList<>();
        s.deadLetters().subscribe("dlq", SubscriberSpec.<DeadLetter<String>>builder()
                .startFrom(StartPosition.EARLIEST).handler(b -> b.forEach(e -> dead.add(e.value()))).build());
        AtomicInteger poisonCalls = new AtomicInteger();
        List<String> handled = new CopyOnWriteArrayList<>();
        Subscription sub = s.subscribe("worker", SubscriberSpec.<String>builder()
                .retry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40)))
                .handler(b -> {
                    for (Event<String> e : b) {
                        if (e.value().equals("poison")) {
                            poisonCalls.incrementAndGet();
                            throw new IllegalArgumentException("cannot handle " + e.value());
                        }
                        handled.add(e.value());
                    }
                }).build());
        s.publish("a");
        s.publish("poison");
        s.publish("b");
        assertThat(sub.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> dead.size() == 1);
        assertThat(handled).containsExactly("a", "b");
        assertThat(poisonCalls.get()).isEqualTo(3);
        DeadLetter<String> d = dead.get(0);
        assertThat(d.subscription()).isEqualTo("worker");
        assertThat(d.event().value()).isEqualTo("poison");
        assertThat(d.event().offset()).isEqualTo(1);
        assertThat(d.attempts()).isEqualTo(3);
        assertThat(d.error()).contains("IllegalArgumentException").contains("cannot handle poison");
        assertThat(sub.stats().deadLettered()).isEqualTo(1);
        assertThat(sub.stats().retries()).isEqualTo(2);
        assertThat(meters.get("foundation.events.dead.lettered").tag("subscription", "worker").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void startFrom_earliest_seesRetainedEvents_latest_onlyNewOnes() throws Exception {
        EventStream<String> s = streams.create("s", StreamSpec.of(String.class).bufferSize(4));
        for (int i = 0; i < 6; i++) {
            s.publish("e" + i);
        }
        List<String> early = new CopyOnWriteArrayList<>();
        List<String> late = new CopyOnWriteArrayList<>();
        Subscription a = s.subscribe("a", SubscriberSpec.<String>builder().startFrom(StartPosition.EARLIEST)
                .handler(b -> b.forEach(e -> early.add(e.value()))).build());
        Subscription b = s.subscribe("b", SubscriberSpec.<String>builder().startFrom(StartPosition.LATEST)
                .handler(x -> x.forEach(e -> late.add(e.value()))).build());
        s.publish("e6");
        assertThat(a.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
        assertThat(b.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
        assertThat(early).containsExactly("e2", "e3", "e4", "e5", "e6");
        assertThat(late).containsExactly("e6");
    }

    @Test
    void cancel_stopsDelivery_andFreesTheName() throws Exception {
        EventStream<String> s = streams.create("s", StreamSpec.of(String.class));
        List<String> got = new CopyOnWriteArrayList<>();
        Subscription sub = s.subscribe("x", SubscriberSpec.<String>of(b -> b.forEach(e -> got.add(e.value()))));
        assertThatThrownBy(() -> s.subscribe("x", SubscriberSpec.<String>of(b -> { })))
                .isInstanceOf(IllegalStateException.class);
        s.publish("a");
        assertThat(sub.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
        sub.cancel();
        assertThat(sub.isCancelled()).isTrue();
        s.publish("b");
        assertThat(s.stats().subscriptions()).isZero();
        assertThat(got).containsExactly("a");
        s.subscribe("x", SubscriberSpec.<String>of(b -> { })).cancel();
    }

    @Test
    void close_rejectsPublishes_drainsBufferedEvents_andLeavesNoThread() throws Exception {
        EventStreams own = EventStreams.builder().drainTimeout(Duration.ofSeconds(10)).build();
        EventStream<String> s = own.create("s", StreamSpec.of(String.class).partitions(3).bufferSize(1000));
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        s.subscribe("slowish", SubscriberSpec.<String>builder().concurrency(3).batch(50, Duration.ofHours(1))
                .handler(b -> b.forEach(e -> got.add(e.value()))).build());
        s.asPublisher().subscribe(new java.util.concurrent.Flow.Subscriber<Event<String>>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Event<String> item) {
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        });
        for (int i = 0; i < 100; i++) {
            s.publish("e" + i);
        }
        assertThat(Threads.foundationThreads()).isNotEmpty();
        own.close();
        assertThat(got).hasSize(100); // partial batches (timeout 1 h) delivered by the drain
        assertThatThrownBy(() -> s.publish("late")).isInstanceOf(IllegalStateException.class)
                .hasMessage("stream 's' is closed");
        assertThat(s.isClosed()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> Threads.foundationThreads().stream()
                .noneMatch(n -> n.contains("-s-") || n.startsWith("foundation-events-flow")));
        own.close(); // idempotent
    }
}
