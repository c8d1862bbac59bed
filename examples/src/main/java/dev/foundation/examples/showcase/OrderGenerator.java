package dev.foundation.examples.showcase;

import dev.foundation.events.Receipt;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Places orders {@code 1..target} that are not in the {@code orders} log yet, at the configured rate
 * ({@code limits.ordersPerSecond}, read before every order so an edit applies at once), and never more than
 * {@code limits.maxBacklog} ahead of the workflows: before each order it waits until the backlog (orders placed
 * but not finished, see {@link Showcase#backlog()}) is below the limit. An order counts as placed once its event
 * is durable (the publish's receipt); a crashed run leaves gaps that the next run fills. {@link #close()} stops
 * placing and waits for the receipts of the orders already published, so the count is final when it returns.
 */
final class OrderGenerator implements AutoCloseable {

    private final Showcase app;
    private final BitSet placed;
    private final int target;
    private final LongSupplier backlog;
    private final AtomicLong placedThisRun = new AtomicLong();
    private final AtomicLong capacityWaits = new AtomicLong();
    private final AtomicLong capacityWaitNanos = new AtomicLong();
    private final Thread thread;
    private volatile boolean finished;
    private volatile boolean stopped;
    private volatile boolean waitingForCapacity;
    private volatile Throwable failure;

    OrderGenerator(Showcase app, BitSet alreadyPlaced, int target, LongSupplier backlog) {
        this.app = app;
        this.placed = (BitSet) alreadyPlaced.clone();
        this.target = target;
        this.backlog = backlog;
        this.thread = new Thread(this::loop, "showcase-orders");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        Deque<CompletableFuture<Receipt>> pending = new ArrayDeque<>();
        long next = System.nanoTime();
        try {
            for (int seq = 1; seq <= target && !stopped; seq++) {
                if (placed.get(seq)) {
                    continue;
                }
                if (!awaitCapacity(pending)) {
                    break;
                }
                long gap = TimeUnit.SECONDS.toNanos(1) / app.settings().limits().ordersPerSecond();
                next = Math.max(next + gap, System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(100));
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (stopped) {
                    break;
                }
                pending.add(app.place(seq));
                while (pending.size() > 64 || !pending.isEmpty() && pending.peek().isDone()) {
                    pending.poll().get(30, TimeUnit.SECONDS);
                    placedThisRun.incrementAndGet();
                }
            }
            drain(pending);
            finished = !stopped;
        } catch (InterruptedException e) {
            // close(): stop placing, but count what was published
            try {
                drain(pending);
            } catch (Exception again) {
                failure = again;
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    /** Waits for the receipts of published orders (not interruptible: the count must be final). */
    private void drain(Deque<CompletableFuture<Receipt>> pending) throws Exception {
        boolean interrupted = Thread.interrupted();
        try {
            while (!pending.isEmpty()) {
                try {
                    pending.peek().get(30, TimeUnit.SECONDS);
                    pending.poll();
                    placedThisRun.incrementAndGet();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Blocks while the backlog, with the orders published but not yet durable (not visible in the stream yet),
     * is at {@code limits.maxBacklog}; false once stopped.
     */
    private boolean awaitCapacity(Deque<CompletableFuture<Receipt>> pending) throws Exception {
        if (backlog.getAsLong() + pending.size() < app.settings().limits().maxBacklog()) {
            return !stopped;
        }
        long since = System.nanoTime();
        capacityWaits.incrementAndGet();
        waitingForCapacity = true;
        try {
            while (!stopped && backlog.getAsLong() + pending.size() >= app.settings().limits().maxBacklog()) {
                while (!pending.isEmpty() && pending.peek().isDone()) {
                    pending.poll().get();
                    placedThisRun.incrementAndGet();
                }
                TimeUnit.MILLISECONDS.sleep(5);
            }
        } finally {
            waitingForCapacity = false;
            capacityWaitNanos.addAndGet(System.nanoTime() - since);
        }
        return !stopped;
    }

    boolean finished() {
        return finished;
    }

    Throwable failure() {
        return failure;
    }

    long placedThisRun() {
        return placedThisRun.get();
    }

    long placedTotal() {
        return placed.cardinality() + placedThisRun.get();
    }

    /** Whether the generator is waiting for the backlog to shrink now. */
    boolean waitingForCapacity() {
        return waitingForCapacity;
    }

    /** How many times the generator waited for capacity. */
    long capacityWaits() {
        return capacityWaits.get();
    }

    /** How long the generator waited for capacity, in total. */
    long capacityWaitMillis() {
        return TimeUnit.NANOSECONDS.toMillis(capacityWaitNanos.get());
    }

    /** Whether the generator's thread has ended (finished, stopped or failed). */
    boolean stopped() {
        return !thread.isAlive();
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(40));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
