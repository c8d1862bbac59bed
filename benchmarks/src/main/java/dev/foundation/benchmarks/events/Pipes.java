package dev.foundation.benchmarks.events;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import dev.foundation.events.EventStream;
import dev.foundation.events.EventStreams;
import dev.foundation.events.Overflow;
import dev.foundation.events.StreamSpec;
import dev.foundation.events.SubscriberSpec;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The three pipes measured side by side, each with a bounded buffer of {@value #BUFFER} events that blocks a
 * publisher when its slowest consumer is a full buffer behind, and {@code consumers} consumers that each see
 * every event and count it.
 */
final class Pipes {

    static final int BUFFER = 8192;
    static final int PAYLOAD = 64;

    private Pipes() {
    }

    /** A pipe: publish a 64-byte event; consumers count what they received. */
    interface Pipe extends AutoCloseable {
        void publish(byte[] event);

        /** The fewest events any consumer has received. */
        long minReceived();

        @Override
        void close();
    }

    static AtomicLong[] counters(int n) {
        AtomicLong[] c = new AtomicLong[n];
        for (int i = 0; i < n; i++) {
            c[i] = new AtomicLong();
        }
        return c;
    }

    static long min(AtomicLong[] counters) {
        long m = Long.MAX_VALUE;
        for (AtomicLong c : counters) {
            m = Math.min(m, c.get());
        }
        return m;
    }

    /** Foundation: a one-partition memory stream, BLOCK, one subscription per consumer. */
    static Pipe foundation(int consumers) {
        EventStreams streams = EventStreams.builder().drainTimeout(Duration.ZERO).build();
        EventStream<byte[]> stream = streams.create("bench", StreamSpec.of(byte[].class).bufferSize(BUFFER)
                .overflow(Overflow.BLOCK).blockTimeout(Duration.ofMinutes(10)));
        AtomicLong[] received = counters(consumers);
        for (int i = 0; i < consumers; i++) {
            AtomicLong counter = received[i];
            stream.subscribe("c" + i, SubscriberSpec.<byte[]>builder().batch(256, Duration.ZERO)
                    .handler(batch -> counter.addAndGet(batch.size())).build());
        }
        return new Pipe() {
            @Override
            public void publish(byte[] event) {
                stream.publish(event);
            }

            @Override
            public long minReceived() {
                return min(received);
            }

            @Override
            public void close() {
                streams.close();
            }
        };
    }

    /** The JDK's SubmissionPublisher: submit blocks when a subscriber's buffer is full. */
    static Pipe submissionPublisher(int consumers) {
        ExecutorService executor = Executors.newFixedThreadPool(consumers, r -> {
            Thread t = new Thread(r, "bench-submission-publisher");
            t.setDaemon(true);
            return t;
        });
        SubmissionPublisher<byte[]> publisher = new SubmissionPublisher<>(executor, BUFFER);
        AtomicLong[] received = counters(consumers);
        for (int i = 0; i < consumers; i++) {
            AtomicLong counter = received[i];
            publisher.subscribe(new Flow.Subscriber<byte[]>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(byte[] item) {
                    counter.incrementAndGet();
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onComplete() {
                }
            });
        }
        return new Pipe() {
            @Override
            public void publish(byte[] event) {
                publisher.submit(event);
            }

            @Override
            public long minReceived() {
                return min(received);
            }

            @Override
            public void close() {
                publisher.close();
                executor.shutdownNow();
            }
        };
    }

    /** An event slot of the Disruptor's ring. */
    static final class Slot {
        byte[] payload;
    }

    /**
     * LMAX Disruptor 4, multi-producer ring, with its blocking wait strategy: consumers park on a lock and every
     * publish signals it.
     */
    static Pipe disruptor(int consumers) {
        return disruptor(consumers, new BlockingWaitStrategy());
    }

    /**
     * LMAX Disruptor 4, multi-producer ring, with the wait strategy closest to Foundation's memory workers: spin
     * for 10 µs, yield for 10 µs, then park on a lock that a publisher signals only when a consumer waits.
     */
    static Pipe disruptorPhased(int consumers) {
        return disruptor(consumers, PhasedBackoffWaitStrategy.withLiteLock(10, 10, TimeUnit.MICROSECONDS));
    }

    /**
     * LMAX Disruptor 4, multi-producer ring, with its yielding wait strategy: consumers spin 100 times, then call
     * {@code Thread.yield()} in a loop and never park. The Disruptor's fastest strategy that does not pin a core per
     * consumer.
     */
    static Pipe disruptorYielding(int consumers) {
        return disruptor(consumers, new YieldingWaitStrategy());
    }

    private static Pipe disruptor(int consumers, WaitStrategy waitStrategy) {
        Disruptor<Slot> disruptor = new Disruptor<>(Slot::new, BUFFER, DaemonThreadFactory.INSTANCE,
                ProducerType.MULTI, waitStrategy);
        AtomicLong[] received = counters(consumers);
        for (int i = 0; i < consumers; i++) {
            AtomicLong counter = received[i];
            EventHandler<Slot> handler = (slot, sequence, endOfBatch) -> counter.incrementAndGet();
            disruptor.handleEventsWith(handler); // each handler sees every event, in parallel with the others
        }
        RingBuffer<Slot> ring = disruptor.start();
        return new Pipe() {
            @Override
            public void publish(byte[] event) {
                ring.publishEvent((slot, seq, e) -> slot.payload = e, event);
            }

            @Override
            public long minReceived() {
                return min(received);
            }

            @Override
            public void close() {
                disruptor.halt();
            }
        };
    }
}
