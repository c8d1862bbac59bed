package dev.foundation.events.internal;

import dev.foundation.events.BatchHandler;
import dev.foundation.events.CorruptedLogException;
import dev.foundation.events.Event;
import dev.foundation.events.EventStorageException;
import dev.foundation.events.EventStreamException;
import dev.foundation.events.StartPosition;
import dev.foundation.events.SubscriberSpec;
import dev.foundation.events.Subscription;
import dev.foundation.events.SubscriptionStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription: per partition a lane (cursor, pending batch, retry state), lanes spread over
 * {@code min(concurrency, partitions)} worker threads. A worker delivers full batches at once and partial ones
 * when their timeout passes: it parks until the earliest batch deadline or retry time, or until a publisher
 * wakes it; the timer is the worker's timed park, not the next event.
 *
 * <p>A partition whose cursor fails (a corrupt record or an I/O error found while reading the log) stops: its
 * lane delivers and commits what it read before the failure and reads no further, the subscription records the
 * error ({@link #failure()}, the {@code failed.partitions} gauge, {@link #awaitCaughtUp} throws it), and the
 * other partitions, on the same worker too, go on.
 *
 * @param <T> the value type
 */
final class SubscriptionImpl<T> implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionImpl.class);
    /** Busy-wait rounds of an idle worker before it yields, then yields before it parks. */
    private static final int SPINS = 64;
    private static final int YIELDS = 16;
    /** See {@link Worker#gather}. */
    private static final int GATHER_STREAK = 16;
    private static final int GATHER_TARGET = 64;
    private static final int GATHER_PAUSES = 512;

    private final StreamImpl<T> stream;
    private final String name;
    private final SubscriberSpec<T> spec;
    private final CommitStore commits;
    private final Runnable onStop;
    private final List<Lane> lanes;
    /** The running generation of workers; replaced (under {@code generation}'s lock) by {@link #setConcurrency}. */
    private volatile List<Worker> workers;
    private final long timeoutNanos;
    private final Metrics metrics;

    private final LongAdder delivered = new LongAdder();
    private final LongAdder filtered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final Counter deliveredMeter;
    private final Counter droppedMeter;
    private final Counter deadLetteredMeter;
    private final Counter retriesMeter;
    private final DistributionSummary batchSize;
    private final Timer handlerTime;

    private final Object progress = new Object();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    /** The first error that stopped a partition, or null. */
    private final AtomicReference<EventStreamException> failure = new AtomicReference<>();
    /** Deliver what is buffered, then stop (close with drain). */
    private volatile boolean draining;
    /** Stop at the next opportunity. */
    private volatile boolean stopNow;
    /** Counts down as the current generation's workers exit. */
    private volatile CountDownLatch stopped;
    /** Orders a change of worker generation against {@link #requestStop}. */
    private final Object generation = new Object();
    /** Serialises calls of {@link #setConcurrency}. */
    private final Object resizing = new Object();

    SubscriptionImpl(StreamImpl<T> stream, String name, SubscriberSpec<T> spec, CommitStore commits, boolean gating,
                     Metrics streamMetrics, Runnable onStop) {
        this.stream = stream;
        this.name = name;
        this.spec = spec;
        this.commits = commits;
        this.onStop = onStop;
        this.timeoutNanos = spec.batchTimeout().toNanos();
        this.metrics = streamMetrics.with(Tags.of("subscription", name));
        this.deliveredMeter = metrics.counter("delivered", "events delivered to a subscription's handler", Tags.empty());
        this.droppedMeter = metrics.counter("dropped", "events a subscription missed: overwritten (DROP_OLDEST) "
                + "or deleted by retention before it read them", Tags.of("reason", "overflow"));
        this.deadLetteredMeter = metrics.counter("dead.lettered", "events sent to the dead-letter stream", Tags.empty());
        this.retriesMeter = metrics.counter("retries", "handler calls retrying a failed batch", Tags.empty());
        this.batchSize = metrics.summary("batch.size", "events per delivered batch", "events");
        this.handlerTime = metrics.timer("handler.time", "time spent in the handler per batch");

        int partitions = stream.partitionCount();
        long[] resume = commits.load(partitions);
        lanes = new ArrayList<>(partitions);
        List<Cursor<T>> opened = new ArrayList<>();
        try {
            for (int p = 0; p < partitions; p++) {
                boolean resumed = resume != null && resume[p] >= 0;
                StartPosition start = resumed ? StartPosition.offset(resume[p]) : spec.startFrom();
                Cursor<T> c = stream.store(p).openCursor(start, gating);
                opened.add(c);
                long committed = resumed ? resume[p] : c.position();
                lanes.add(new Lane(p, c, committed));
            }
        } catch (RuntimeException e) {
            opened.forEach(Cursor::close);
            throw e;
        }
        stopped = new CountDownLatch(Math.min(spec.concurrency(), partitions));
        workers = assign(spec.concurrency(), stopped);
        metrics.gauge("failed.partitions", "partitions the subscription stopped reading because of a storage error",
                Tags.empty(), this, SubscriptionImpl::failedPartitions);
        for (Lane lane : lanes) {
            metrics.gauge("lag", "events published but not yet committed by the subscription",
                    Tags.of("partition", Integer.toString(lane.partition)), lane, Lane::lag);
        }
    }

    /** Spreads the lanes over {@code min(threads, partitions)} new workers, partition p to worker p mod n. */
    private List<Worker> assign(int threads, CountDownLatch exits) {
        int n = Math.min(threads, lanes.size());
        List<Worker> out = new ArrayList<>(n);
        for (int w = 0; w < n; w++) {
            List<Lane> mine = new ArrayList<>();
            for (int p = w; p < lanes.size(); p += n) {
                mine.add(lanes.get(p));
            }
            out.add(new Worker(w, mine, exits));
        }
        return List.copyOf(out);
    }

    /** Starts the worker threads; called once, after construction. */
    void start() {
        startAll(workers);
    }

    private void startAll(List<Worker> generation) {
        for (Worker w : generation) {
            for (Lane lane : w.lanes) {
                stream.store(lane.partition).addListener(w);
            }
            w.thread.start();
        }
    }

    @Override
    public int concurrency() {
        return workers.size();
    }

    @Override
    public void setConcurrency(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1 but was " + threads);
        }
        if (isWorkerThread()) {
            throw new IllegalStateException("subscription '" + name + "' cannot change its concurrency from its own "
                    + "handler (it waits for the handler calls in progress)");
        }
        synchronized (resizing) {
            List<Worker> old;
            CountDownLatch oldExits;
            synchronized (generation) {
                if (cancelled.get()) {
                    throw new IllegalStateException("subscription '" + name + "' of stream '" + stream.name()
                            + "' is cancelled");
                }
                if (Math.min(threads, lanes.size()) == workers.size()) {
                    return;
                }
                old = workers;
                oldExits = stopped;
                for (Worker w : old) {
                    w.handOver = true;
                    LockSupport.unpark(w.thread);
                }
            }
            // outside the lock: a handler that cancels the subscription meanwhile must not wait for this thread
            boolean interrupted = false;
            while (true) {
                try {
                    oldExits.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the hand-over is under way; finish it, then restore the flag
                }
            }
            synchronized (generation) {
                for (Worker w : old) {
                    for (Lane lane : w.lanes) {
                        stream.store(lane.partition).removeListener(w);
                    }
                }
                if (!cancelled.get()) {
                    CountDownLatch exits = new CountDownLatch(Math.min(threads, lanes.size()));
                    List<Worker> next = assign(threads, exits);
                    stopped = exits;
                    workers = next;
                    startAll(next);
                    LOG.info("subscription '{}' of stream '{}': {} worker(s), was {}", name, stream.name(),
                            next.size(), old.size());
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String stream() {
        return stream.name();
    }

    @Override
    public List<Long> committedOffsets() {
        List<Long> out = new ArrayList<>(lanes.size());
        for (Lane l : lanes) {
            out.add(l.committed);
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public SubscriptionStats stats() {
        long lag = 0;
        for (Lane l : lanes) {
            lag += (long) l.lag();
        }
        return new SubscriptionStats(delivered.sum(), filtered.sum(), dropped.sum(), deadLettered.sum(),
                retries.sum(), batches.sum(), lag);
    }

    @Override
    public Optional<EventStreamException> failure() {
        return Optional.ofNullable(failure.get());
    }

    private double failedPartitions() {
        int n = 0;
        for (Lane l : lanes) {
            if (l.broken != null) {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long[] targets = new long[lanes.size()];
        for (int p = 0; p < targets.length; p++) {
            targets[p] = stream.store(p).endOffset();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (true) {
                boolean caughtUp = true;
                for (int p = 0; p < targets.length; p++) {
                    Lane lane = lanes.get(p);
                    boolean done = lane.committed >= targets[p];
                    EventStreamException broken = lane.broken;
                    if (!done && broken != null) {
                        throw broken; // this partition will never catch up
                    }
                    caughtUp &= done;
                }
                if (caughtUp) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || cancelled.get()) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
        }
    }

    @Override
    public void cancel() {
        requestStop(false);
        awaitStopped(System.nanoTime());
    }

    /**
     * Asks the workers to stop: at once, or after delivering what is buffered (close with drain).
     *
     * @param drain whether to drain first
     */
    void requestStop(boolean drain) {
        synchronized (generation) {
            if (!cancelled.compareAndSet(false, true)) {
                return;
            }
            if (drain) {
                draining = true;
            } else {
                stopNow = true;
            }
            wakeAll();
        }
    }

    /**
     * Waits for the workers until {@code deadlineNanos}, then stops them at once, and releases the cursors.
     *
     * @param deadlineNanos the drain deadline (System.nanoTime)
     * @return how many events were left undelivered
     */
    long awaitStopped(long deadlineNanos) {
        if (isWorkerThread()) {
            // Called from a handler: the worker exits after it returns and releases the lanes itself.
            stopNow = true;
            return undelivered();
        }
        try {
            if (!stopped.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                stopNow = true;
                wakeAll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopNow = true;
            wakeAll();
        }
        awaitWorkers(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        long undelivered = undelivered();
        release();
        return undelivered;
    }

    private long undelivered() {
        long undelivered = 0;
        for (Lane l : lanes) {
            undelivered += Math.max(0, stream.store(l.partition).endOffset() - l.committed);
        }
        return undelivered;
    }

    private void awaitWorkers(long deadlineNanos) {
        try {
            if (!stopped.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                for (Worker w : workers) {
                    w.thread.interrupt();
                }
                if (!stopped.await(5, TimeUnit.SECONDS)) {
                    LOG.warn("subscription '{}' of stream '{}': a handler ignores interruption; its thread is still "
                            + "running after close", name, stream.name());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final AtomicBoolean released = new AtomicBoolean();
    /** Open until the release has finished, so that a caller racing a worker's own release waits for it. */
    private final CountDownLatch releaseDone = new CountDownLatch(1);

    private void release() {
        if (!released.compareAndSet(false, true)) {
            if (!isWorkerThread()) {
                // A worker is releasing (it exited on stopNow): cancel() must not return before the
                // subscription is really gone (cursors closed, name freed, stats updated).
                try {
                    if (!releaseDone.await(10, TimeUnit.SECONDS)) {
                        LOG.warn("subscription '{}' of stream '{}': release by its worker took over 10 s", name,
                                stream.name());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return;
        }
        try {
            releaseNow();
        } finally {
            releaseDone.countDown();
        }
    }

    private void releaseNow() {
        for (Worker w : workers) {
            for (Lane lane : w.lanes) {
                stream.store(lane.partition).removeListener(w);
            }
        }
        for (Lane l : lanes) {
            l.cursor.close();
        }
        commits.close();
        metrics.close();
        synchronized (progress) {
            progress.notifyAll();
        }
        onStop.run();
    }

    private boolean isWorkerThread() {
        for (Worker w : workers) {
            if (w.thread == Thread.currentThread()) {
                return true;
            }
        }
        return false;
    }

    private void wakeAll() {
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    /** One worker thread and the lanes it owns. */
    private final class Worker implements Runnable {
        final List<Lane> lanes;
        final Thread thread;
        /** Counts down when this worker exits (one latch per generation). */
        final CountDownLatch exits;
        /** Set by {@link #setConcurrency}: leave the lanes as they are and exit at the next opportunity. */
        volatile boolean handOver;
        /** Set while the worker parks; a publisher that clears it unparks the worker (one unpark per sleep). */
        final AtomicBoolean sleeping = new AtomicBoolean();
        /** Whether the worker spins before parking: only when every lane reads a memory ring. */
        final boolean spins;
        /** How many events a round should find before the worker stops gathering (see {@link #gather}). */
        final int gatherTarget;
        /** Consecutive rounds that read events. */
        int streak;

        Worker(int index, List<Lane> lanes, CountDownLatch exits) {
            this.lanes = lanes;
            this.exits = exits;
            this.spins = lanes.stream().allMatch(l -> stream.store(l.partition).appendsVisibleAtOnce());
            this.gatherTarget = Math.min(spec.maxBatchSize(), GATHER_TARGET);
            this.thread = new Thread(this::loop, "foundation-events-" + stream.name() + "-" + name + "-" + index);
            this.thread.setDaemon(true);
        }

        /** Listener run by publishers after an append. */
        @Override
        public void run() {
            if (sleeping.get() && sleeping.compareAndSet(true, false)) {
                LockSupport.unpark(thread);
            }
        }

        /**
         * Spins, then yields, for a few microseconds before the worker parks: a publisher often appends again within
         * that time, and parking and being unparked costs both sides a system call and lets batches shrink to an
         * event or two. Workers of durable partitions park at once: their events arrive at the pace of the log's
         * writes.
         *
         * @return whether there is something to do (events, a deadline reached, a change of state)
         */
        private boolean awaitWorkBriefly(long deadline, boolean drain) {
            if (!spins) {
                return false;
            }
            for (int i = 0; i < SPINS + YIELDS; i++) {
                if (i < SPINS) {
                    for (int k = 0; k < 8; k++) {
                        Thread.onSpinWait(); // fewer reads of the head a publisher is writing
                    }
                } else {
                    Thread.yield();
                }
                if (stateChangedOrDue(deadline, drain)) {
                    return true;
                }
                for (Lane l : lanes) {
                    if (l.readable()) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** Whether the worker was told to stop or drain since the round began, or a batch deadline passed. */
        private boolean stateChangedOrDue(long deadline, boolean drain) {
            return stopNow || handOver || draining != drain || (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0);
        }

        /**
         * Under a sustained stream of events that the worker keeps reading a few at a time, waits briefly for more
         * to accumulate before the next round. A worker that reads each event right after its publisher wrote it
         * keeps the cache lines the publisher is writing (the ring's slots, its newest objects) moving between the
         * two cores, and delivers batches of one or two events: on the development machine one publisher managed
         * about 17,800 events/ms without a subscriber and about 2,500 with one such worker. A worker a few dozen
         * events behind reads lines the publisher has left, in larger batches. Only after {@value #GATHER_STREAK}
         * rounds in a row found events, so an isolated event or a slow trickle is delivered at once. At most {@value #GATHER_PAUSES} spin-wait pauses (about 10 µs on the
         * development machine) with a yield every 32, so that other threads get the core; ended early by
         * {@code gatherTarget} events waiting, a batch deadline or a change of state.
         */
        private void gather(long deadline, boolean drain) {
            for (int i = 1; i <= GATHER_PAUSES; i++) {
                Thread.onSpinWait();
                if ((i & 31) == 0) {
                    if (stateChangedOrDue(deadline, drain)) {
                        return;
                    }
                    long backlog = 0;
                    for (Lane l : lanes) {
                        if (l.broken == null) {
                            backlog += stream.store(l.partition).endOffset() - l.cursor.position();
                        }
                    }
                    if (backlog >= gatherTarget) {
                        return;
                    }
                    Thread.yield(); // gives the core to a publisher or another worker, if one is waiting for it
                }
            }
        }

        private void loop() {
            try {
                while (!stopNow && !handOver) {
                    long now = System.nanoTime();
                    boolean didWork = false;
                    boolean idle = true;
                    long deadline = Long.MAX_VALUE;
                    boolean drain = draining;
                    int polled = 0;
                    for (Lane l : lanes) {
                        didWork |= l.step(now, drain);
                        polled += l.polled;
                        deadline = Math.min(deadline, l.deadline());
                        idle &= l.idle();
                    }
                    if (drain && idle) {
                        break;
                    }
                    streak = polled > 0 ? streak + 1 : 0;
                    if (didWork) {
                        if (spins && streak >= GATHER_STREAK && polled < gatherTarget) {
                            gather(deadline, drain);
                        }
                        continue;
                    }
                    if (awaitWorkBriefly(deadline, drain)) {
                        continue;
                    }
                    sleeping.set(true);
                    boolean more = false;
                    for (Lane l : lanes) {
                        more |= l.readable();
                    }
                    if (!more && !stopNow && !handOver && draining == drain) {
                        if (deadline == Long.MAX_VALUE) {
                            LockSupport.park(this);
                        } else {
                            long wait = deadline - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(this, wait);
                            }
                        }
                    }
                    sleeping.set(false);
                }
                for (Lane l : lanes) {
                    l.commitFilteredProgress();
                }
            } catch (Throwable t) {
                LOG.error("subscription '{}' of stream '{}' stopped by an unexpected failure", name, stream.name(), t);
                throw t;
            } finally {
                exits.countDown();
                if (exits.getCount() == 0 && cancelled.get() && exits == stopped) {
                    release();
                }
            }
        }
    }

    /** One partition's state in this subscription; touched only by its worker (committed is read by others). */
    private final class Lane {
        final int partition;
        final Cursor<T> cursor;
        final List<Event<T>> buffer = new ArrayList<>();
        final List<Event<T>> pending = new ArrayList<>();
        long batchStart = -1;
        /** Events the last {@link #step} read. */
        int polled;
        /** The batch waiting for a retry, or null. */
        List<Event<T>> failed;
        /** Cursor position after the failed batch. */
        long failedEnd;
        int attempts;
        long retryAt;
        Throwable lastError;
        /** The error that stopped this partition's reads, or null: set once by the worker, read by others. */
        volatile EventStreamException broken;
        volatile long committed;
        /** Whether committed moved for filtered events only, without a durable commit. */
        boolean uncommitted;

        Lane(int partition, Cursor<T> cursor, long committed) {
            this.partition = partition;
            this.cursor = cursor;
            this.committed = committed;
        }

        double lag() {
            return Math.max(0, stream.store(partition).endOffset() - committed);
        }

        boolean idle() {
            return failed == null && pending.isEmpty() && (broken != null || !cursor.hasMore());
        }

        /** Whether a poll would find something: events at the cursor, no batch waiting for a retry, not broken. */
        boolean readable() {
            return failed == null && broken == null && cursor.hasMore();
        }

        long deadline() {
            if (failed != null) {
                return retryAt;
            }
            if (batchStart >= 0) {
                return batchStart + timeoutNanos;
            }
            return Long.MAX_VALUE;
        }

        boolean step(long now, boolean drain) {
            polled = 0;
            if (failed != null) {
                if (now - retryAt < 0) {
                    return false;
                }
                retries.increment();
                retriesMeter.increment();
                deliver(failed, failedEnd, attempts + 1);
                return true;
            }
            boolean didWork = false;
            int room = spec.maxBatchSize() - pending.size();
            if (room > 0 && broken == null && cursor.hasMore()) {
                buffer.clear();
                int n;
                try {
                    n = cursor.poll(room, buffer);
                } catch (RuntimeException e) {
                    breakOn(e);
                    n = 0;
                    didWork = true;
                }
                polled += n;
                long skipped = cursor.takeSkipped();
                if (skipped > 0) {
                    dropped.add(skipped);
                    droppedMeter.increment(skipped);
                    didWork = true;
                }
                if (n > 0) {
                    didWork = true;
                    filter(buffer);
                    buffer.clear();
                }
                if (pending.isEmpty() && didWork && failed == null) {
                    committed = cursor.position();
                    uncommitted = true;
                    signalProgress();
                }
                if (!pending.isEmpty() && batchStart < 0) {
                    batchStart = now;
                }
            }
            if (!pending.isEmpty() && (pending.size() >= spec.maxBatchSize() || drain || broken != null
                    || now - batchStart >= timeoutNanos)) {
                List<Event<T>> batch = Collections.unmodifiableList(new ArrayList<>(pending));
                pending.clear();
                batchStart = -1;
                deliver(batch, cursor.position(), 1);
                didWork = true;
            }
            return didWork;
        }

        /**
         * Stops reading this partition after its cursor failed: what was read before is still delivered and
         * committed, nothing after it is read.
         */
        private void breakOn(RuntimeException e) {
            long at = cursor.position();
            String message = "subscription '" + name + "' of stream '" + stream.name() + "' stopped reading partition "
                    + partition + " at offset " + at + ": " + e.getMessage() + ". Its other partitions go on. "
                    + (e instanceof CorruptedLogException
                    ? "Cancel the subscription and close the stream, then create it again: opening verifies the"
                    + " log, cuts a torn tail of the active segment and refuses a corrupt closed segment unless"
                    + " Persistence.repairCorruption(true) is set, which truncates the log at the last valid"
                    + " record (the events after it are lost); or restore the stream's directory from a backup."
                    : "Cancel the subscription and subscribe again (it resumes at its committed offset) once the"
                    + " cause is fixed.");
            EventStreamException error = e instanceof CorruptedLogException
                    ? new CorruptedLogException(message, e) : new EventStorageException(message, e);
            broken = error;
            failure.compareAndSet(null, error);
            LOG.error("{}", message, e);
            signalProgress();
        }

        private void filter(List<Event<T>> events) {
            Predicate<? super T> f = spec.filter();
            for (Event<T> e : events) {
                boolean match;
                try {
                    match = f.test(e.value());
                } catch (RuntimeException ex) {
                    // A filter that throws is a failure of that event: it is dead-lettered, not dropped silently.
                    LOG.warn("subscription '{}' of stream '{}': filter threw on partition {} offset {}", name,
                            stream.name(), partition, e.offset(), ex);
                    if (!pending.isEmpty()) {
                        // keep order: the events before it are delivered first
                        List<Event<T>> batch = Collections.unmodifiableList(new ArrayList<>(pending));
                        pending.clear();
                        batchStart = -1;
                        deliverUnchecked(batch);
                    }
                    sendToDeadLetters(List.of(e), ex, 1);
                    continue;
                }
                if (match) {
                    pending.add(e);
                } else {
                    filtered.increment();
                }
            }
        }

        private void deliverUnchecked(List<Event<T>> batch) {
            try {
                invoke(batch);
            } catch (Throwable ex) {
                sendToDeadLetters(batch, ex, 1);
            }
        }

        private void invoke(List<Event<T>> batch) throws Exception {
            long t0 = System.nanoTime();
            try {
                BatchHandler<T> h = spec.handler();
                h.handle(batch);
            } finally {
                handlerTime.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            }
            delivered.add(batch.size());
            deliveredMeter.increment(batch.size());
            batches.increment();
            batchSize.record(batch.size());
        }

        private void deliver(List<Event<T>> batch, long endPosition, int attempt) {
            try {
                invoke(batch);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable ex) {
                lastError = ex;
                if (stopNow) {
                    // closing: leave it uncommitted (a durable subscription gets it again after restart)
                    failed = batch;
                    failedEnd = endPosition;
                    attempts = attempt;
                    retryAt = System.nanoTime();
                    return;
                }
                if (attempt < spec.retry().maxAttempts()) {
                    LOG.debug("subscription '{}' of stream '{}': handler failed on partition {} (attempt {}), retrying",
                            name, stream.name(), partition, attempt, ex);
                    failed = batch;
                    failedEnd = endPosition;
                    attempts = attempt;
                    retryAt = System.nanoTime() + spec.retry().backoffAfter(attempt).toNanos();
                    return;
                }
                sendToDeadLetters(batch, ex, attempt);
            }
            failed = null;
            attempts = 0;
            commit(endPosition);
        }

        private void sendToDeadLetters(List<Event<T>> batch, Throwable ex, int attempt) {
            LOG.warn("subscription '{}' of stream '{}': handler failed {} time(s) on partition {} offsets {}..{}; "
                    + "sending {} event(s) to '{}'", name, stream.name(), attempt, partition, batch.get(0).offset(),
                    batch.get(batch.size() - 1).offset(), batch.size(), stream.name() + ".dead-letter", ex);
            stream.deadLetter(name, batch, ex, attempt);
            deadLettered.add(batch.size());
            deadLetteredMeter.increment(batch.size());
        }

        private void commit(long nextOffset) {
            uncommitted = false;
            try {
                commits.commit(partition, nextOffset);
            } catch (RuntimeException e) {
                LOG.error("subscription '{}' of stream '{}': could not commit offset {} of partition {}; the events "
                        + "will be delivered again after a restart", name, stream.name(), nextOffset, partition, e);
            }
            committed = nextOffset; // after the commit store, so that awaitCaughtUp sees its effect
            signalProgress();
        }

        void commitFilteredProgress() {
            if (uncommitted && failed == null && pending.isEmpty()) {
                commit(committed);
            }
        }
    }

    private void signalProgress() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }
}
