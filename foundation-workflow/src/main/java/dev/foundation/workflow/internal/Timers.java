package dev.foundation.workflow.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-memory index of durable timers: their due times live in the store, and are loaded back here on
 * resume. Due times are compared with the engine's {@link Clock} (so a test can move time), on a fixed
 * poll and, when the real delay is known, by a one-shot wake-up.
 */
final class Timers {

    private static final Logger LOG = LoggerFactory.getLogger(Timers.class);

    private record Timer(Instant due, long seq, Runnable action) {
    }

    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Executor executor;
    private final AtomicLong seq = new AtomicLong();
    private final PriorityQueue<Timer> queue = new PriorityQueue<>((a, b) -> {
        int c = a.due().compareTo(b.due());
        return c != 0 ? c : Long.compare(a.seq(), b.seq());
    });

    Timers(Clock clock, ScheduledExecutorService scheduler, Executor executor) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.executor = executor;
    }

    void at(Instant due, Runnable action) {
        synchronized (queue) {
            queue.add(new Timer(due, seq.incrementAndGet(), action));
        }
        long delayNanos = Duration.between(clock.instant(), due).toNanos();
        try {
            if (delayNanos <= 0) {
                scheduler.execute(this::fireDue);
            } else {
                scheduler.schedule(this::fireDue, delayNanos, TimeUnit.NANOSECONDS);
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("timer not armed: engine closed");
        }
    }

    int pending() {
        synchronized (queue) {
            return queue.size();
        }
    }

    void fireDue() {
        Instant now = clock.instant();
        List<Timer> due = new ArrayList<>();
        synchronized (queue) {
            while (!queue.isEmpty() && !queue.peek().due().isAfter(now)) {
                due.add(queue.poll());
            }
        }
        for (Timer t : due) {
            try {
                executor.execute(() -> {
                    try {
                        t.action().run();
                    } catch (RuntimeException e) {
                        LOG.error("timer action failed", e);
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.debug("timer dropped: engine closed");
                return;
            }
        }
    }
}
