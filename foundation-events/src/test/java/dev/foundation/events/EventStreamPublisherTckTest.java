package dev.foundation.events;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.AfterMethod;

/**
 * The Reactive Streams TCK's publisher verification of {@link EventStream#asPublisher(PublisherSpec)}, run on
 * the JUnit Platform by the TestNG engine.
 *
 * <p>Finite publishers ({@code createFlowPublisher(n)} for reasonable {@code n}) are streams holding exactly
 * {@code n} events, published through {@link PublisherSpec#REPLAY}: every event from EARLIEST, then
 * {@code onComplete}. The "infinite" publishers (n of {@code Integer.MAX_VALUE} and more) follow a stream live
 * while a feeder thread publishes into it under {@link Overflow#BLOCK}, so the feeder is held back by the Flow
 * subscriber's demand. The failed publisher is the publisher of a closed stream: {@code onSubscribe}, then
 * {@code onError}.
 */
public class EventStreamPublisherTckTest extends FlowPublisherVerification<Event<Long>> {

    private static final long MAX_FINITE = 4096;
    private final List<EventStreams> registries = new CopyOnWriteArrayList<>();
    private final List<Thread> feeders = new CopyOnWriteArrayList<>();

    public EventStreamPublisherTckTest() {
        super(new TestEnvironment(1000, 200));
    }

    @Override
    public Flow.Publisher<Event<Long>> createFlowPublisher(long elements) {
        EventStreams streams = EventStreams.builder().drainTimeout(Duration.ofSeconds(1)).build();
        registries.add(streams);
        if (elements <= MAX_FINITE) {
            EventStream<Long> stream = streams.create("tck", StreamSpec.of(Long.class).partitions(2)
                    .bufferSize((int) Math.max(1, elements)));
            for (long i = 0; i < elements; i++) {
                stream.publish(i);
            }
            return stream.asPublisher(PublisherSpec.REPLAY);
        }
        EventStream<Long> stream = streams.create("tck", StreamSpec.of(Long.class).bufferSize(64)
                .overflow(Overflow.BLOCK).blockTimeout(Duration.ofHours(1)));
        Flow.Publisher<Event<Long>> live = stream.asPublisher(new PublisherSpec(StartPosition.EARLIEST, false));
        AtomicBoolean started = new AtomicBoolean();
        // The feeder starts once the first Flow subscriber holds a cursor, so nothing is published unseen.
        return subscriber -> {
            live.subscribe(subscriber);
            if (started.compareAndSet(false, true)) {
                Thread feeder = new Thread(() -> {
                    try {
                        for (long i = 0; ; i++) {
                            stream.publish(i);
                        }
                    } catch (IllegalStateException | BackpressureException closed) {
                        // the registry closed at the end of the test
                    }
                }, "tck-feeder");
                feeder.setDaemon(true);
                feeders.add(feeder);
                feeder.start();
            }
        };
    }

    @Override
    public Flow.Publisher<Event<Long>> createFailedFlowPublisher() {
        EventStreams streams = EventStreams.builder().build();
        registries.add(streams);
        EventStream<Long> stream = streams.create("tck-failed", StreamSpec.of(Long.class));
        Flow.Publisher<Event<Long>> publisher = stream.asPublisher();
        stream.close();
        return publisher;
    }

    @Override
    public long maxElementsFromPublisher() {
        return Long.MAX_VALUE - 1;
    }

    @AfterMethod
    public void closeRegistries() throws InterruptedException {
        for (EventStreams r : registries) {
            r.close();
        }
        registries.clear();
        for (Thread f : feeders) {
            f.join(10_000);
        }
        feeders.clear();
    }

    @AfterClass
    public void noThreadLeft() {
        if (!Threads.foundationThreads().isEmpty()) {
            throw new AssertionError("threads left behind: " + Threads.foundationThreads());
        }
    }
}
