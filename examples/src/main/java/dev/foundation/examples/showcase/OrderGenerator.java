package dev.foundation.examples.showcase;

import dev.foundation.events.Receipt;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Places orders {@code 1..target} that are not in the {@code orders} log yet, at the configured rate
 * ({@code limits.ordersPerSecond}, read before every order so an edit applies at once). An order counts as
 * placed once its event is durable (the publish's receipt); a crashed run leaves gaps that the next run fills.
 */
final class OrderGenerator implements AutoCloseable {

    private final Showcase app;
    private final BitSet placed;
    private final int target;
    private final AtomicLong placedThisRun = new AtomicLong();
    private final Thread thread;
    private volatile boolean finished;
    private volatile boolean stopped;
    private volatile Throwable failure;

    OrderGenerator(Showcase app, BitSet alreadyPlaced, int target) {
        this.app = app;
        this.placed = (BitSet) alreadyPlaced.clone();
        this.target = target;
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
                long gap = TimeUnit.SECONDS.toNanos(1) / app.settings().limits().ordersPerSecond();
                next = Math.max(next + gap, System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(100));
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                pending.add(app.place(seq));
                while (pending.size() > 64 || !pending.isEmpty() && pending.peek().isDone()) {
                    pending.poll().get(30, TimeUnit.SECONDS);
                    placedThisRun.incrementAndGet();
                }
            }
            while (!pending.isEmpty()) {
                pending.poll().get(30, TimeUnit.SECONDS);
                placedThisRun.incrementAndGet();
            }
            finished = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!stopped) {
                failure = e;
            }
        }
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

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
