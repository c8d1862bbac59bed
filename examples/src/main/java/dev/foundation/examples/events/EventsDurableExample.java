package dev.foundation.examples.events;

import dev.foundation.events.Event;
import dev.foundation.events.EventStream;
import dev.foundation.events.EventStreams;
import dev.foundation.events.FsyncPolicy;
import dev.foundation.events.Persistence;
import dev.foundation.events.Projection;
import dev.foundation.events.StartPosition;
import dev.foundation.events.StreamSpec;
import dev.foundation.events.SubscriberSpec;
import dev.foundation.events.Subscription;
import dev.foundation.examples.Example;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Durable streams: publish with group commit, restart, resume a subscription, replay, a projection. */
public final class EventsDurableExample implements Example {

    /** An order event. */
    public record Order(String id, String customerId, long total) {}

    /** A read model: order count and revenue. */
    public record Revenue(long orders, long total) {
        Revenue add(Order o) {
            return new Revenue(orders + 1, total + o.total());
        }
    }

    @Override
    public String name() {
        return "events-durable";
    }

    @Override
    public String description() {
        return "foundation-events on disk: group commit, restart, resumed subscription, replay, projection";
    }

    @Override
    public void checkArguments(String[] args) {
        if (args.length > 1) {
            throw new IllegalArgumentException("example '" + name() + "' takes at most one argument (a directory) but got "
                    + String.join(" ", args));
        }
    }

    @Override
    public void run(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("foundation-events");
        System.out.println("data directory: " + dir);
        // snippet:events-durable
        StreamSpec<Order> spec = StreamSpec.of(Order.class).partitions(2).partitionBy(Order::customerId)
                .persistence(Persistence.disk(dir).fsync(FsyncPolicy.GROUP_COMMIT)
                        .segmentSize(64L << 20).retention(Duration.ofDays(7), 10L << 30));
        // first run: publish 100 orders (each receipt completes once forced to disk), bill the first 100
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<Order> orders = streams.create("orders", spec);
            Projection<Revenue> revenue = orders.projection("revenue", new Revenue(0, 0), Revenue::add);
            Subscription billing = orders.subscribe("billing", SubscriberSpec.<Order>builder()
                    .startFrom(StartPosition.EARLIEST).batch(50, Duration.ofMillis(100))
                    .handler(batch -> System.out.println("billing " + batch.size() + " orders")).build());
            for (int i = 1; i <= 100; i++) {
                orders.publish(new Order("o-" + i, "c-" + (i % 5), i)).toCompletableFuture().join();
            }
            billing.awaitCaughtUp(Duration.ofSeconds(10));
            revenue.awaitCaughtUp(Duration.ofSeconds(10));
            System.out.println("run 1: revenue " + revenue.state());
        }
        // second run (a restart): the subscription resumes after its committed offsets, the projection
        // loads its snapshot; a new subscriber from EARLIEST replays the whole history
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<Order> orders = streams.create("orders", spec);
            Projection<Revenue> revenue = orders.projection("revenue", new Revenue(0, 0), Revenue::add);
            System.out.println("run 2: revenue loaded from its snapshot " + revenue.state());
            orders.publish(new Order("o-101", "c-1", 101)).toCompletableFuture().join();
            List<Event<Order>> billed = new CopyOnWriteArrayList<>();
            Subscription billing = orders.subscribe("billing", SubscriberSpec.<Order>of(billed::addAll));
            List<Event<Order>> replayed = new CopyOnWriteArrayList<>();
            Subscription audit = orders.subscribe("audit", SubscriberSpec.<Order>builder()
                    .startFrom(StartPosition.EARLIEST).batch(500, Duration.ZERO).handler(replayed::addAll).build());
            billing.awaitCaughtUp(Duration.ofSeconds(10));
            audit.awaitCaughtUp(Duration.ofSeconds(10));
            revenue.awaitCaughtUp(Duration.ofSeconds(10));
            System.out.println("run 2: billing resumed with " + billed.size() + " new order(s), audit replayed "
                    + replayed.size() + ", revenue " + revenue.state());
        }
        // end-snippet
    }
}
