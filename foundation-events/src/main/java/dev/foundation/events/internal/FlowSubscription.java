package dev.foundation.events.internal;

import dev.foundation.events.Event;
import dev.foundation.events.PublisherSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Flow subscriber of a stream: its own cursor per partition, demand from {@code request(n)}, and a drain
 * loop run on the registry's Flow executor. Every signal after {@code onSubscribe} comes from the drain loop,
 * which a work-in-progress counter keeps to one thread at a time (rule 1.3) and which re-entrant
 * {@code request} calls only re-arm (rule 3.3).
 *
 * @param <T> the value type
 */
final class FlowSubscription<T> implements Flow.Subscription, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FlowSubscription.class);
    private static final int CHUNK = 256;

    private final StreamImpl<T> stream;
    private final PublisherSpec spec;
    private Flow.Subscriber<? super Event<T>> subscriber;
    private final List<Cursor<T>> cursors = new ArrayList<>();
    private long[] ends;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final List<Event<T>> buffer = new ArrayList<>();
    private final List<ArrayDeque<Event<T>>> ahead = new ArrayList<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean cancelled;
    private volatile IllegalArgumentException badRequest;
    private volatile boolean closing;
    private volatile boolean forceStop;
    private boolean done;
    private boolean released;
    private int next;

    FlowSubscription(StreamImpl<T> stream, PublisherSpec spec, Flow.Subscriber<? super Event<T>> subscriber) {
        this.stream = stream;
        this.spec = spec;
        this.subscriber = subscriber;
    }

    void start() {
        if (!stream.registerFlow(this)) {
            rejectClosed();
            return;
        }
        try {
            for (int p = 0; p < stream.partitionCount(); p++) {
                cursors.add(stream.store(p).openCursor(spec.startFrom(), !stream.durable()));
                ahead.add(new ArrayDeque<>());
            }
        } catch (RuntimeException e) {
            release();
            subscriber.onSubscribe(this);
            terminate();
            subscriber.onError(e);
            return;
        }
        if (spec.completeAtEnd()) {
            ends = new long[cursors.size()];
            for (int p = 0; p < ends.length; p++) {
                ends[p] = stream.store(p).endOffset();
            }
        }
        for (int p = 0; p < stream.partitionCount(); p++) {
            stream.store(p).addListener(this);
        }
        wip.set(1);
        try {
            subscriber.onSubscribe(this);
        } catch (Throwable t) {
            LOG.error("Flow subscriber of stream '{}' threw from onSubscribe (rule 2.13); cancelling", stream.name(), t);
            cancelled = true;
        }
        execute();
    }

    private void rejectClosed() {
        Flow.Subscriber<? super Event<T>> s = subscriber;
        subscriber = null;
        done = true;
        terminated.countDown();
        s.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        s.onError(new IllegalStateException("stream '" + stream.name() + "' is closed"));
    }

    private void execute() {
        try {
            stream.registry().flowExecutor().execute(this::drainLoop);
        } catch (RejectedExecutionException e) {
            forceStop = true;
            drainLoop();
        }
    }

    private void schedule() {
        if (wip.getAndIncrement() == 0) {
            execute();
        }
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            if (badRequest == null) {
                badRequest = new IllegalArgumentException("rule 3.9: request(n) needs n > 0 but was " + n);
            }
        } else {
            long current;
            long updated;
            do {
                current = demand.get();
                if (current == Long.MAX_VALUE) {
                    break;
                }
                updated = current + n;
                if (updated < 0) {
                    updated = Long.MAX_VALUE;
                }
            } while (!demand.compareAndSet(current, updated));
        }
        schedule();
    }

    @Override
    public void cancel() {
        cancelled = true;
        schedule();
    }

    /** Listener: a publisher appended to a partition. */
    @Override
    public void run() {
        if (demand.get() > 0 || closing) {
            schedule();
        }
    }

    void streamClosing() {
        closing = true;
        schedule();
    }

    void awaitTerminated(long deadlineNanos) {
        try {
            if (!terminated.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                forceStop = true;
                schedule();
                if (!terminated.await(5, TimeUnit.SECONDS)) {
                    LOG.warn("a Flow subscriber of stream '{}' did not return from onNext within 5 s of close",
                            stream.name());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drainLoop() {
        int missed = 1;
        while (true) {
            try {
                drainOnce();
            } catch (RuntimeException e) {
                if (!done) {
                    terminate();
                    signalError(e);
                }
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void drainOnce() {
        if (done) {
            return;
        }
        if (cancelled) {
            terminate();
            return;
        }
        if (badRequest != null) {
            terminate();
            signalError(badRequest);
            return;
        }
        long requested = demand.get();
        long emitted = 0;
        int n = cursors.size();
        // One event per partition in turn, so the interleaving does not depend on the request pattern.
        int empty = 0;
        while (emitted < requested && !cancelled && empty < n) {
            int p = next;
            next = (next + 1) % n;
            Event<T> e = peek(p);
            if (e == null) {
                empty++;
                continue;
            }
            empty = 0;
            ahead.get(p).poll();
            try {
                subscriber.onNext(e);
            } catch (Throwable t) {
                LOG.error("Flow subscriber of stream '{}' threw from onNext (rule 2.13); cancelling",
                        stream.name(), t);
                cancelled = true;
            }
            emitted++;
        }
        if (emitted > 0 && requested != Long.MAX_VALUE) {
            demand.addAndGet(-emitted);
        }
        if (cancelled) {
            terminate();
            return;
        }
        if (badRequest != null) {
            terminate();
            signalError(badRequest);
            return;
        }
        if (caughtUp()) {
            terminate();
            Flow.Subscriber<? super Event<T>> s = subscriber;
            subscriber = null;
            try {
                s.onComplete();
            } catch (Throwable t) {
                LOG.error("Flow subscriber of stream '{}' threw from onComplete (rule 2.13)", stream.name(), t);
            }
        } else if (forceStop) {
            terminate();
            signalError(new IllegalStateException("stream '" + stream.name() + "' closed before this subscriber "
                    + "received every event (it did not request them within the drain timeout)"));
        }
    }

    /** The next event of a partition, refilling its small read-ahead buffer from the cursor. */
    private Event<T> peek(int p) {
        ArrayDeque<Event<T>> q = ahead.get(p);
        if (q.isEmpty()) {
            Cursor<T> c = cursors.get(p);
            long limit = CHUNK;
            if (ends != null) {
                limit = Math.min(limit, ends[p] - c.position());
            }
            if (limit <= 0 || !c.hasMore()) {
                return null;
            }
            buffer.clear();
            c.poll((int) limit, buffer);
            c.takeSkipped();
            q.addAll(buffer);
            buffer.clear();
        }
        return q.peek();
    }

    private boolean caughtUp() {
        for (ArrayDeque<Event<T>> q : ahead) {
            if (!q.isEmpty()) {
                return false;
            }
        }
        if (ends != null) {
            for (int p = 0; p < ends.length; p++) {
                if (cursors.get(p).position() < ends[p]) {
                    return false;
                }
            }
            return true;
        }
        if (!closing) {
            return false;
        }
        for (Cursor<T> c : cursors) {
            if (c.hasMore()) {
                return false;
            }
        }
        return true;
    }

    private void signalError(Throwable error) {
        Flow.Subscriber<? super Event<T>> s = subscriber;
        subscriber = null;
        if (s == null) {
            return;
        }
        try {
            s.onError(error);
        } catch (Throwable t) {
            LOG.error("Flow subscriber of stream '{}' threw from onError (rule 2.13)", stream.name(), t);
        }
    }

    /** Marks terminal and releases the cursors and listeners; the subscriber reference is dropped by callers. */
    private void terminate() {
        done = true;
        release();
        if (cancelled) {
            subscriber = null;
        }
        terminated.countDown();
    }

    private void release() {
        if (released) {
            return;
        }
        released = true;
        for (int p = 0; p < stream.partitionCount(); p++) {
            stream.store(p).removeListener(this);
        }
        for (Cursor<T> c : cursors) {
            c.close();
        }
        cursors.clear();
        ahead.clear();
        stream.unregisterFlow(this);
    }
}
