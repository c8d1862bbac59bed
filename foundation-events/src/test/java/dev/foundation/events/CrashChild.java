package dev.foundation.events;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link DurableCrashIT}: publishes into a durable stream while a durable subscription or a
 * projection consumes it, printing every acknowledged publish ({@code A partition offset value}) and every
 * delivery ({@code D partition offset value}) until the parent kills it. The {@code *-final} modes consume
 * what is left and print the totals.
 */
public final class CrashChild {

    /** The projection's state: how many events it applied, and the sum of their values. */
    public record Totals(long count, long sum) {
        Totals add(Long v) {
            return new Totals(count + 1, sum + v);
        }
    }

    private static final PrintStream OUT = System.out;

    private CrashChild() {
    }

    static StreamSpec<Long> spec(Path dir) {
        return StreamSpec.of(Long.class).partitions(2).bufferSize(64)
                .persistence(Persistence.disk(dir).fsync(FsyncPolicy.GROUP_COMMIT).segmentSize(16 * 1024));
    }

    private static synchronized void print(String line) {
        OUT.println(line);
        OUT.flush();
    }

    /**
     * Entry point.
     *
     * @param args mode ({@code subscriber}, {@code subscriber-final}, {@code projection},
     *             {@code projection-final}) and directory
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dir = Path.of(args[1]);
        try (EventStreams streams = EventStreams.builder().drainTimeout(Duration.ofSeconds(5)).build()) {
            EventStream<Long> stream = streams.create("crash", spec(dir));
            switch (mode) {
                case "subscriber": {
                    stream.subscribe("sub", SubscriberSpec.<Long>builder().startFrom(StartPosition.EARLIEST)
                            .batch(20, Duration.ofMillis(5)).handler(CrashChild::printDeliveries).build());
                    publishForever(stream);
                    break;
                }
                case "subscriber-final": {
                    Subscription s = stream.subscribe("sub", SubscriberSpec.<Long>builder()
                            .startFrom(StartPosition.EARLIEST).batch(20, Duration.ofMillis(5))
                            .handler(CrashChild::printDeliveries).build());
                    if (!s.awaitCaughtUp(Duration.ofSeconds(60))) {
                        throw new IllegalStateException("subscription did not catch up");
                    }
                    List<Long> ends = stream.stats().endOffsets();
                    for (int p = 0; p < ends.size(); p++) {
                        print("END " + p + " " + ends.get(p));
                    }
                    print("DONE");
                    break;
                }
                case "projection": {
                    stream.projection("totals", new Totals(0, 0), Totals::add);
                    publishForever(stream);
                    break;
                }
                case "projection-final": {
                    Projection<Totals> p = stream.projection("totals", new Totals(0, 0), Totals::add);
                    if (!p.awaitCaughtUp(Duration.ofSeconds(60))) {
                        throw new IllegalStateException("projection did not catch up");
                    }
                    Totals replayed = replay(stream);
                    print("STATE " + p.state().count() + " " + p.state().sum());
                    print("REPLAY " + replayed.count() + " " + replayed.sum());
                    print("DONE");
                    break;
                }
                default:
                    throw new IllegalArgumentException("unknown mode " + mode);
            }
        }
    }

    private static void printDeliveries(List<Event<Long>> batch) {
        for (Event<Long> e : batch) {
            print("D " + e.partition() + " " + e.offset() + " " + e.value());
        }
    }

    /** Publishes random values, at most 64 unacknowledged, printing each acknowledgement, until killed. */
    private static void publishForever(EventStream<Long> stream) throws InterruptedException {
        Semaphore window = new Semaphore(64);
        while (true) {
            window.acquire();
            long value = ThreadLocalRandom.current().nextLong(1, 1_000_000);
            stream.publish(value).whenComplete((r, e) -> {
                window.release();
                if (e == null) {
                    print("A " + r.partition() + " " + r.offset() + " " + value);
                }
            });
        }
    }

    private static Totals replay(EventStream<Long> stream) throws InterruptedException {
        long[] totals = new long[2];
        CountDownLatch done = new CountDownLatch(1);
        stream.asPublisher(PublisherSpec.REPLAY).subscribe(new Flow.Subscriber<Event<Long>>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Event<Long> item) {
                totals[0]++;
                totals[1] += item.value();
            }

            @Override
            public void onError(Throwable throwable) {
                throwable.printStackTrace();
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("replay did not complete");
        }
        return new Totals(totals[0], totals[1]);
    }
}
