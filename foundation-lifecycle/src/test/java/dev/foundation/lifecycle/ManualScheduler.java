package dev.foundation.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/** A {@link Scheduler} whose time only moves when a test calls {@link #advance(Duration)}. */
final class ManualScheduler implements Scheduler {

    private static final Instant EPOCH = Instant.parse("2026-11-23T00:00:00Z");

    private record Task(long due, long seq, Runnable run) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private final List<Duration> delays = new ArrayList<>();
    private long nanos;
    private long seq;

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized Instant now() {
        return EPOCH.plusNanos(nanos);
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(nanos + delay.toNanos(), seq++, task);
        tasks.add(t);
        delays.add(delay);
        return () -> {
            synchronized (this) {
                tasks.remove(t);
            }
        };
    }

    /** Moves time forward, running every task that falls due, in order, on the calling thread. */
    void advance(Duration d) {
        long target;
        synchronized (this) {
            target = nanos + d.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > target) {
                    nanos = target;
                    return;
                }
                tasks.poll();
                nanos = Math.max(nanos, next.due);
            }
            next.run.run();
        }
    }

    /** How many pending tasks fall due within {@code d} from now. */
    synchronized int dueWithin(Duration d) {
        long limit = nanos + d.toNanos();
        int n = 0;
        for (Task t : tasks) {
            if (t.due <= limit) {
                n++;
            }
        }
        return n;
    }

    /**
     * Waits (up to 10 s) until at least {@code n} tasks fall due within {@code d}: tasks are scheduled by
     * worker threads, so a test advancing time must first let them be scheduled.
     */
    void awaitDue(Duration d, int n) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> dueWithin(d) >= n);
    }

    /** Every delay ever scheduled, in order. */
    synchronized List<Duration> delays() {
        return new ArrayList<>(delays);
    }
}
