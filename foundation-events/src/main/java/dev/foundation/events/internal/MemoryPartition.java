package dev.foundation.events.internal;

import dev.foundation.events.BackpressureException;
import dev.foundation.events.Event;
import dev.foundation.events.Overflow;
import dev.foundation.events.Receipt;
import dev.foundation.events.StartPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A partition held in a ring buffer of {@code capacity} events.
 *
 * <p>Appends are serialised by a lock (offsets are gap-free and in publish order). The buffer is full when the
 * slowest gating cursor is {@code capacity} events behind the head; then the overflow strategy applies. Without
 * gating cursors the ring keeps the last {@code capacity} events (what {@link StartPosition#EARLIEST} sees).
 * Readers need no lock: each slot holds an immutable event carrying its offset, so a reader detects a slot
 * overwritten under it and counts the event as skipped.
 *
 * @param <T> the value type
 */
final class MemoryPartition<T> implements PartitionStore<T> {

    private final String stream;
    private final int index;
    private final int capacity;
    private final Overflow overflow;
    private final long blockTimeoutNanos;
    private final StreamCounters counters;
    private final AtomicReferenceArray<Event<T>> slots;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final CopyOnWriteArrayList<MemoryCursor> gates = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** The offset of the next event, and the count of events published; written under the lock, read by anyone. */
    private volatile long head;
    /** The last event's timestamp, shared by the events of the same millisecond (under the lock). */
    private Instant lastTimestamp = Instant.EPOCH;
    /** A lower bound of the slowest gate's position, refreshed when the buffer looks full (under the lock). */
    private long cachedMinGate;
    /**
     * The slowest-gate position that blocked publishers wait for, {@link Long#MAX_VALUE} when none waits: a
     * Dekker handshake with the gates (a publisher writes it, then reads the gates; a gate writes its position,
     * then reads it).
     */
    private volatile long wakeAt = Long.MAX_VALUE;
    private volatile boolean closed;

    MemoryPartition(String stream, int index, int capacity, Overflow overflow, Duration blockTimeout,
                    StreamCounters counters) {
        this.stream = stream;
        this.index = index;
        this.capacity = capacity;
        this.overflow = overflow;
        this.blockTimeoutNanos = blockTimeout.toNanos();
        this.counters = counters;
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    @Override
    public CompletableFuture<Receipt> append(long timestampMillis, String key, T value) {
        Instant ts;
        Event<T> event;
        lock.lock();
        try {
            requireOpen();
            ts = lastTimestamp;
            if (ts.toEpochMilli() != timestampMillis) {
                ts = Instant.ofEpochMilli(timestampMillis);
                lastTimestamp = ts;
            }
            long h = head;
            if (h - cachedMinGate >= capacity && h - (cachedMinGate = minGate(h)) >= capacity) {
                switch (overflow) {
                    case FAIL:
                        counters.rejected.increment();
                        throw new BackpressureException(stream, index, "stream '" + stream + "' partition " + index
                                + " is full (" + capacity + " events behind the slowest subscriber): publish later, "
                                + "add consumers, or choose another overflow strategy");
                    case DROP_NEWEST:
                        counters.dropped.increment();
                        return CompletableFuture.completedFuture(new Receipt(stream, index, -1, ts));
                    case BLOCK:
                        h = awaitSpace();
                        break;
                    case DROP_OLDEST:
                    default:
                        break;
                }
            }
            event = new Event<>(stream, index, h, ts, key, value);
            slots.set((int) (h % capacity), event);
            head = h + 1;
        } finally {
            lock.unlock();
        }
        for (Runnable l : listeners) {
            l.run();
        }
        return CompletableFuture.completedFuture(new Receipt(stream, index, event.offset(), ts));
    }

    /**
     * Waits until the slowest gate leaves room; the caller holds the lock, which the wait releases, so other
     * publishers may append meanwhile: the head is read again after every wake-up.
     *
     * @return the head to append at
     */
    private long awaitSpace() {
        long remaining = blockTimeoutNanos;
        try {
            long h;
            while (true) {
                h = head;
                long target = h - capacity + 1;
                // Set before every check: another publisher leaving this loop may have cleared it.
                wakeAt = target;
                long min = cachedMinGate = minGate(h);
                if (min >= target) {
                    break;
                }
                if (remaining <= 0) {
                    counters.rejected.increment();
                    throw new BackpressureException(stream, index, "stream '" + stream + "' partition " + index
                            + " stayed full for " + Duration.ofNanos(blockTimeoutNanos) + " (" + capacity
                            + " events behind the slowest subscriber): the subscriber is too slow or stuck");
                }
                try {
                    remaining = notFull.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BackpressureException(stream, index, "interrupted while waiting for space in stream '"
                            + stream + "' partition " + index);
                }
                requireOpen();
            }
            return h;
        } finally {
            if (!lock.hasWaiters(notFull)) {
                wakeAt = Long.MAX_VALUE;
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("stream '" + stream + "' is closed");
        }
    }

    private long minGate(long h) {
        long min = h;
        for (MemoryCursor g : gates) {
            min = Math.min(min, g.position);
        }
        return min;
    }

    /**
     * Called by a gate after it moved: wakes the blocked publishers once every gate has reached what they wait
     * for. Of several gates passing that point at once, at least the last to write its position sees all the
     * others, so one of them signals.
     */
    private void gateMoved(long position) {
        long target = wakeAt;
        if (position >= target && minGate(Long.MAX_VALUE) >= target) {
            lock.lock();
            try {
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public long startOffset() {
        return Math.max(0, head - capacity);
    }

    @Override
    public long endOffset() {
        return head;
    }

    @Override
    public Cursor<T> openCursor(StartPosition start, boolean gating) {
        lock.lock();
        try {
            long h = head;
            long from;
            switch (start.kind()) {
                case EARLIEST:
                    from = startOffset();
                    break;
                case OFFSET:
                    from = Math.min(start.offsetValue(), h);
                    break;
                case TIMESTAMP:
                    from = offsetForTimestamp(start.timestampValue().toEpochMilli());
                    break;
                case LATEST:
                default:
                    from = h;
                    break;
            }
            MemoryCursor c = new MemoryCursor(from, gating);
            if (gating) {
                gates.add(c);
                cachedMinGate = Math.min(cachedMinGate, Math.max(from, startOffset()));
            }
            return c;
        } finally {
            lock.unlock();
        }
    }

    private long offsetForTimestamp(long millis) {
        long h = head;
        for (long o = startOffset(); o < h; o++) {
            Event<T> e = slots.get((int) (o % capacity));
            if (e != null && e.offset() == o && e.timestamp().toEpochMilli() >= millis) {
                return o;
            }
        }
        return h;
    }

    @Override
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    @Override
    public long published() {
        return head; // a memory ring starts at offset 0, and each stored event takes the next one
    }

    @Override
    public long occupancy() {
        long h = head;
        return Math.min(capacity, h - minGate(h));
    }

    @Override
    public long freeCapacity() {
        return overflow == Overflow.BLOCK || overflow == Overflow.FAIL ? Math.max(0, capacity - occupancy()) : capacity;
    }

    @Override
    public boolean appendsVisibleAtOnce() {
        return true;
    }

    @Override
    public void shutdownInput() {
        lock.lock();
        try {
            closed = true;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        shutdownInput();
        gates.clear();
        listeners.clear();
    }

    /** A reader of this ring. */
    private final class MemoryCursor implements Cursor<T> {
        private volatile long position;
        private final boolean gating;
        private long skipped;

        MemoryCursor(long position, boolean gating) {
            this.position = position;
            this.gating = gating;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public boolean hasMore() {
            return position < head;
        }

        @Override
        public int poll(int max, List<Event<T>> out) {
            long p = position;
            long h = head;
            int n = 0;
            while (n < max && p < h) {
                long oldest = h - capacity;
                if (p < oldest) {
                    skipped += oldest - p;
                    p = oldest;
                    continue;
                }
                Event<T> e = slots.get((int) (p % capacity));
                if (e == null || e.offset() != p) {
                    // overwritten since head was read: re-read head and skip what is gone
                    h = head;
                    if (p < h - capacity) {
                        continue;
                    }
                    break;
                }
                out.add(e);
                n++;
                p++;
            }
            if (p != position) {
                position = p;
                if (gating) {
                    gateMoved(p);
                }
            }
            return n;
        }

        @Override
        public long takeSkipped() {
            long s = skipped;
            skipped = 0;
            return s;
        }

        @Override
        public void close() {
            if (gating && gates.remove(this)) {
                lock.lock();
                try {
                    notFull.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }
}
