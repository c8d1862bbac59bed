package dev.foundation.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.events.Event;
import dev.foundation.events.Overflow;
import dev.foundation.events.StartPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The memory ring under concurrent publishers and readers, driven directly (no subscription workers): what
 * gating readers see under each overflow strategy, including a reader that registers while publishers race.
 */
class MemoryPartitionProperties {

    private static final Duration DEADLINE = Duration.ofMinutes(1);

    private static MemoryPartition<Integer> ring(int capacity, Overflow overflow) {
        return new MemoryPartition<>("s", 0, capacity, overflow, DEADLINE, new StreamCounters());
    }

    /** Opens a gating cursor at EARLIEST and starts draining it. */
    private static Reader startReader(MemoryPartition<Integer> ring) {
        Reader r = new Reader(ring, ring.openCursor(StartPosition.EARLIEST, true));
        r.start();
        return r;
    }

    /** Publishers racing on a ring: returns when all are done, rethrowing the first failure. */
    private static void publishConcurrently(MemoryPartition<Integer> ring, int publishers, int each)
            throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int base = p * each;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        ring.append(0, null, base + i);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            threads.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(DEADLINE.toMillis());
            assertThat(t.isAlive()).as("publisher finished within the deadline").isFalse();
        }
        assertThat(failure.get()).isNull();
    }

    /** Drains a cursor on its own thread until told to stop and it has read up to the ring's end. */
    private static final class Reader extends Thread {
        final Cursor<Integer> cursor;
        final MemoryPartition<Integer> ring;
        final List<Event<Integer>> got = new ArrayList<>();
        final AtomicBoolean stop = new AtomicBoolean();
        long skipped;

        Reader(MemoryPartition<Integer> ring, Cursor<Integer> cursor) {
            this.ring = ring;
            this.cursor = cursor;
        }

        @Override
        public void run() {
            while (!(stop.get() && cursor.position() >= ring.endOffset())) {
                cursor.poll(16, got);
                skipped += cursor.takeSkipped();
                Thread.onSpinWait();
            }
        }

        void finish() throws InterruptedException {
            stop.set(true);
            join(DEADLINE.toMillis());
            assertThat(isAlive()).as("reader caught up within the deadline").isFalse();
        }
    }

    /**
     * BLOCK with a gating reader from the start and another that joins at EARLIEST while publishers race: each
     * reads a gap-free run of offsets without a skip, the first from 0 and both to the end, every value once.
     */
    @Property(tries = 25)
    void gatingReaders_underBlock_missNothing_evenWhenJoiningDuringPublishes(
            @ForAll @IntRange(min = 1, max = 16) int capacity, @ForAll @IntRange(min = 1, max = 4) int publishers,
            @ForAll @IntRange(min = 0, max = 400) int joinAfter) throws Exception {
        int each = 500;
        MemoryPartition<Integer> ring = ring(capacity, Overflow.BLOCK);
        Reader first = startReader(ring);
        Thread joiner = new Thread(() -> {
            while (ring.endOffset() < joinAfter) {
                Thread.onSpinWait();
            }
        });
        joiner.start();
        AtomicReference<Reader> late = new AtomicReference<>();
        Thread opener = new Thread(() -> {
            try {
                joiner.join();
            } catch (InterruptedException e) {
                return;
            }
            late.set(startReader(ring));
        });
        opener.start();
        publishConcurrently(ring, publishers, each);
        opener.join(DEADLINE.toMillis());
        first.finish();
        late.get().finish();

        long total = (long) publishers * each;
        assertThat(ring.endOffset()).isEqualTo(total);
        assertGapFree(first.got, 0, total);
        assertThat(first.skipped).isZero();
        assertThat(late.get().skipped).isZero();
        long lateStart = late.get().got.isEmpty() ? total : late.get().got.get(0).offset();
        assertGapFree(late.get().got, lateStart, total);
        assertThat(first.got.stream().map(Event::value).distinct().count()).isEqualTo(total);
    }

    /**
     * DROP_OLDEST on a tiny ring with racing publishers lapping a slow reader: the reader's offsets only rise,
     * and what it read plus what it counted as skipped is everything published, so nothing goes unaccounted.
     */
    @Property(tries = 25)
    void dropOldest_readerAccountsForEveryOffset(@ForAll @IntRange(min = 1, max = 8) int capacity,
                                                 @ForAll @IntRange(min = 1, max = 4) int publishers) throws Exception {
        int each = 2_000;
        MemoryPartition<Integer> ring = ring(capacity, Overflow.DROP_OLDEST);
        Reader reader = startReader(ring);
        publishConcurrently(ring, publishers, each);
        reader.finish();

        long total = (long) publishers * each;
        assertThat(ring.published()).isEqualTo(total);
        long previous = -1;
        for (Event<Integer> e : reader.got) {
            assertThat(e.offset()).isGreaterThan(previous);
            previous = e.offset();
        }
        assertThat(reader.got.size() + reader.skipped).isEqualTo(total);
    }

    /** FAIL and DROP_NEWEST refuse only when full: what was accepted is exactly what the reader reads. */
    @Property(tries = 20)
    void failAndDropNewest_acceptOnlyWhatFits(@ForAll @IntRange(min = 1, max = 8) int capacity,
                                              @ForAll boolean fail) throws Exception {
        StreamCounters counters = new StreamCounters();
        MemoryPartition<Integer> ring = new MemoryPartition<>("s", 0, capacity,
                fail ? Overflow.FAIL : Overflow.DROP_NEWEST, DEADLINE, counters);
        Cursor<Integer> cursor = ring.openCursor(StartPosition.EARLIEST, true);
        int accepted = 0;
        for (int i = 0; i < capacity + 3; i++) {
            try {
                if (ring.append(0, null, i).toCompletableFuture().get(1, TimeUnit.SECONDS).offset() >= 0) {
                    accepted++;
                }
            } catch (dev.foundation.events.BackpressureException e) {
                assertThat(fail).isTrue();
            }
        }
        assertThat(accepted).isEqualTo(capacity);
        assertThat(fail ? counters.rejected.sum() : counters.dropped.sum()).isEqualTo(3);
        List<Event<Integer>> got = new ArrayList<>();
        cursor.poll(100, got);
        assertGapFree(got, 0, capacity);
        // room again once the reader moved on
        assertThat(ring.append(0, null, 99).toCompletableFuture().get(1, TimeUnit.SECONDS).offset())
                .isEqualTo(capacity);
    }

    private static void assertGapFree(List<Event<Integer>> events, long from, long to) {
        assertThat(events).hasSize((int) (to - from));
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).offset()).isEqualTo(from + i);
        }
    }
}
