package dev.foundation.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Publishing a gigabyte of events far faster than the subscriber consumes keeps the heap bounded by the
 * buffers, not by the event count.
 */
class BoundedMemoryTest {

    private static final int EVENT_BYTES = 1024;
    private static final int EVENTS = 1_000_000; // 1 GB of payload in all, more than the test JVM's heap

    @ParameterizedTest
    @EnumSource(value = Overflow.class, names = {"DROP_OLDEST", "DROP_NEWEST"})
    void heap_doesNotGrowWithTheEventCount_whenPublishingFarFasterThanTheSubscriberConsumes(Overflow overflow)
            throws Exception {
        Runtime memory = Runtime.getRuntime();
        AtomicLong consumed = new AtomicLong();
        try (EventStreams streams = EventStreams.builder().drainTimeout(Duration.ZERO).build()) {
            EventStream<byte[]> s = streams.create("firehose", StreamSpec.of(byte[].class).partitions(2)
                    .bufferSize(2048).overflow(overflow));
            s.subscribe("slow", SubscriberSpec.<byte[]>builder().batch(16, Duration.ZERO).handler(b -> {
                // 16 events per ms: to consume half, the publisher would have to take over 30 s
                long until = System.nanoTime() + 1_000_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                consumed.addAndGet(b.size());
            }).build());
            long baseline = 0;
            for (int i = 0; i < EVENTS; i++) {
                s.publish(new byte[EVENT_BYTES]);
                if (i == EVENTS / 10) {
                    baseline = usedAfterGc(memory);
                }
            }
            long end = usedAfterGc(memory);
            StreamStats stats = s.stats();
            assertThat(stats.retained()).isLessThanOrEqualTo(2L * 2048);
            // the buffers hold at most 4096 events of 1 KiB (4 MiB); allow generous room for GC noise
            assertThat(end - baseline).as("heap growth between 100k and 1M events, bytes")
                    .isLessThan(64L << 20);
            assertThat(consumed.get()).isLessThan(EVENTS / 2); // the subscriber really was far slower
        }
    }

    private static long usedAfterGc(Runtime memory) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, memory.totalMemory() - memory.freeMemory());
        }
        return best;
    }
}
