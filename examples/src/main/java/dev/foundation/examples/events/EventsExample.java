package dev.foundation.examples.events;

import dev.foundation.events.BackpressureException;
import dev.foundation.events.DeadLetter;
import dev.foundation.events.Event;
import dev.foundation.events.EventStream;
import dev.foundation.events.EventStreams;
import dev.foundation.events.Overflow;
import dev.foundation.events.Receipt;
import dev.foundation.events.RetryPolicy;
import dev.foundation.events.StartPosition;
import dev.foundation.events.StreamSpec;
import dev.foundation.events.SubscriberSpec;
import dev.foundation.events.Subscription;
import dev.foundation.examples.Example;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** In-memory event streams: a burst, back-pressure blocking a fast publisher, batching, a dead letter. */
public final class EventsExample implements Example {

    /** An order event. */
    public record Order(String id, String customerId, long total) {}

    @Override
    public String name() {
        return "events";
    }

    @Override
    public String description() {
        return "foundation-events: partitioned streams, back-pressure, filtered batching, dead letters";
    }

    @Override
    public void run(String[] args) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // snippet:events-basics
        try (EventStreams streams = EventStreams.builder().meterRegistry(registry).build()) {
            EventStream<Order> orders = streams.create("orders", StreamSpec.of(Order.class)
                    .partitions(4).partitionBy(Order::customerId)
                    .bufferSize(8192).overflow(Overflow.BLOCK));
            List<List<Event<Order>>> charged = new java.util.concurrent.CopyOnWriteArrayList<>();
            Subscription billing = orders.subscribe("billing", SubscriberSpec.<Order>builder()
                    .filter(o -> o.total() > 100)                  // applied before batching
                    .batch(100, Duration.ofSeconds(1))             // up to 100, or whatever arrived in 1 s
                    .concurrency(4)                                // partitions in parallel, order kept per partition
                    .handler(charged::add)
                    .build());
            for (int i = 0; i < 1_000; i++) {                      // a burst
                orders.publish(new Order("o-" + i, "c-" + (i % 10), i));
            }
            billing.awaitCaughtUp(Duration.ofSeconds(10));
            System.out.println("billing got " + billing.stats().delivered() + " orders over 100 in "
                    + charged.size() + " batches; " + billing.stats().filtered() + " filtered out");
        }
        // end-snippet
        backPressure();
        deadLetter();
    }

    private static void backPressure() throws Exception {
        // snippet:events-backpressure
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<Order> orders = streams.create("slow-orders", StreamSpec.of(Order.class)
                    .bufferSize(16).overflow(Overflow.BLOCK).blockTimeout(Duration.ofMillis(200)));
            CountDownLatch release = new CountDownLatch(1);
            orders.subscribe("stuck", SubscriberSpec.<Order>builder()
                    .handler(batch -> release.await())                // a subscriber that does not keep up
                    .build());
            long start = System.nanoTime();
            try {
                for (int i = 0; ; i++) {
                    orders.publish(new Order("o-" + i, "c", i));      // blocks once the buffer is full
                }
            } catch (BackpressureException e) {
                System.out.println("publisher blocked for "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms, then: " + e.getMessage());
            }
            release.countDown();
        }
        // end-snippet
    }

    private static void deadLetter() throws Exception {
        // snippet:events-dead-letter
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<Order> orders = streams.create("payments", StreamSpec.of(Order.class));
            CountDownLatch deadLettered = new CountDownLatch(1);
            orders.deadLetters().subscribe("alerts", SubscriberSpec.<DeadLetter<Order>>builder()
                    .startFrom(StartPosition.EARLIEST)
                    .handler(batch -> batch.forEach(d -> {
                        System.out.println("dead letter: " + d.value().event().value() + " after "
                                + d.value().attempts() + " attempts: " + d.value().error());
                        deadLettered.countDown();
                    }))
                    .build());
            AtomicInteger paid = new AtomicInteger();
            orders.subscribe("payer", SubscriberSpec.<Order>builder()
                    .retry(new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100)))
                    .handler(batch -> batch.forEach(e -> {
                        if (e.value().total() < 0) {
                            throw new IllegalArgumentException("negative total");
                        }
                        paid.incrementAndGet();
                    }))
                    .build());
            Receipt poison = orders.publish(new Order("o-bad", "c", -1)).toCompletableFuture().join();
            orders.publish(new Order("o-good", "c", 10));
            deadLettered.await(10, TimeUnit.SECONDS);
            System.out.println("poison event at partition " + poison.partition() + " offset " + poison.offset()
                    + " dead-lettered; processing went on: " + paid.get() + " paid");
        }
        // end-snippet
    }
}
