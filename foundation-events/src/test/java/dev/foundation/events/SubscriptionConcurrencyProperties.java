package dev.foundation.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foundation.core.Backoff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * {@link Subscription#setConcurrency} while events flow: random interleavings of publishes, resizes (up and down,
 * past the partition count) and handler failures that leave a batch waiting for its retry during a hand-over.
 * After quiescence every published event was handled successfully exactly once, each partition in offset order,
 * on memory and on durable streams.
 */
class SubscriptionConcurrencyProperties {

    private static final int PARTITIONS = 4;

    record Handled(int partition, long offset, String value, String thread) {
    }

    /**
     * Actions: {@code a < 60} publishes {@code a % 10 + 1} events; {@code 60..89} sets the concurrency to
     * {@code a % 6 + 1}; {@code 90..99} makes the next handler call fail once (it is retried).
     */
    @Property(tries = 40)
    void resizingWhileEventsFlow_deliversEveryEventOnceInPartitionOrder(
            @ForAll @Size(min = 1, max = 25) List<@IntRange(min = 0, max = 99) Integer> actions,
            @ForAll @IntRange(min = 1, max = 6) int initial, @ForAll boolean durable) throws Exception {
        Path dir = Files.createTempDirectory("resize");
        try (EventStreams streams = EventStreams.builder().drainTimeout(Duration.ofSeconds(5)).build()) {
            EventStream<String> s = streams.create("s", StreamSpec.of(String.class).partitions(PARTITIONS)
                    .partitionBy(v -> v.substring(0, v.indexOf('-')))
                    .persistence(durable ? Persistence.disk(dir).fsync(FsyncPolicy.INTERVAL).segmentSize(1 << 20)
                            : Persistence.memory()));
            List<Handled> handled = new CopyOnWriteArrayList<>();
            AtomicBoolean failNext = new AtomicBoolean();
            Subscription sub = s.subscribe("sub", SubscriberSpec.<String>builder()
                    .batch(7, Duration.ofMillis(2)).concurrency(initial)
                    .retry(new RetryPolicy(10, Backoff.fixed(Duration.ofMillis(3))))
                    .handler(batch -> {
                        if (failNext.compareAndSet(true, false)) {
                            throw new IllegalStateException("planned failure");
                        }
                        for (Event<String> e : batch) {
                            handled.add(new Handled(e.partition(), e.offset(), e.value(),
                                    Thread.currentThread().getName()));
                        }
                    }).build());
            Map<Integer, List<String>> published = new HashMap<>();
            int expectedWorkers = Math.min(initial, PARTITIONS);
            int n = 0;
            for (int a : actions) {
                if (a < 60) {
                    for (int i = 0; i <= a % 10; i++) {
                        String v = "k" + (n % 5) + "-" + n++;
                        Receipt r = s.publish(v).toCompletableFuture().get(10, TimeUnit.SECONDS);
                        published.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(v);
                    }
                } else if (a < 90) {
                    sub.setConcurrency(a % 6 + 1);
                    expectedWorkers = Math.min(a % 6 + 1, PARTITIONS);
                    assertThat(sub.concurrency()).isEqualTo(expectedWorkers);
                } else {
                    failNext.set(true);
                }
            }
            assertThat(sub.awaitCaughtUp(Duration.ofSeconds(20))).as("caught up").isTrue();
            assertThat(sub.concurrency()).isEqualTo(expectedWorkers);
            for (int p = 0; p < PARTITIONS; p++) {
                int part = p;
                List<Handled> mine = handled.stream().filter(h -> h.partition() == part).toList();
                assertThat(mine).extracting(Handled::value).as("partition %d", p)
                        .containsExactlyElementsOf(published.getOrDefault(p, List.of()));
                for (int i = 0; i < mine.size(); i++) {
                    assertThat(mine.get(i).offset()).isEqualTo(i);
                }
            }
            sub.cancel();
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void growing_spreadsPartitionsOverMoreThreads_andBadCallsAreRefused() throws Exception {
        try (EventStreams streams = EventStreams.builder().drainTimeout(Duration.ofSeconds(5)).build()) {
            EventStream<Integer> s = streams.create("grow", StreamSpec.of(Integer.class).partitions(PARTITIONS));
            Map<Integer, Set<String>> threads = new ConcurrentHashMap<>();
            AtomicReference<Subscription> self = new AtomicReference<>();
            AtomicReference<Throwable> fromHandler = new AtomicReference<>();
            CountDownLatch triedFromHandler = new CountDownLatch(1);
            Subscription sub = s.subscribe("grow", SubscriberSpec.<Integer>builder().batch(1, Duration.ZERO)
                    .handler(batch -> {
                        for (Event<Integer> e : batch) {
                            if (e.value() < 0 && triedFromHandler.getCount() > 0) {
                                try {
                                    self.get().setConcurrency(2);
                                } catch (Throwable t) {
                                    fromHandler.set(t);
                                }
                                triedFromHandler.countDown();
                            }
                            threads.computeIfAbsent(e.value() >= 1000 ? 1 : 0, k -> ConcurrentHashMap.newKeySet())
                                    .add(Thread.currentThread().getName());
                        }
                    }).build());
            self.set(sub);
            assertThat(sub.concurrency()).isEqualTo(1);
            for (int i = 0; i < 40; i++) {
                s.publish(i).toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            assertThat(sub.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            assertThat(threads.get(0)).hasSize(1);

            sub.setConcurrency(16); // more than the partitions: one worker per partition
            assertThat(sub.concurrency()).isEqualTo(PARTITIONS);
            for (int i = 1000; i < 1040; i++) {
                s.publish(i).toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            assertThat(sub.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            assertThat(threads.get(1)).hasSize(PARTITIONS);

            s.publish(-1).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(triedFromHandler.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(fromHandler.get()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("own handler");
            assertThatThrownBy(() -> sub.setConcurrency(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(">= 1");
            sub.cancel();
            assertThatThrownBy(() -> sub.setConcurrency(2)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cancelled");
        }
    }
}
