package dev.foundation.coordination.internal.hazelcast;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs Hazelcast's blocking calls ({@code executeOnKey}) on a small pool of the backend's own threads, so that a
 * caller can wait for an answer with its own deadline (the operation timeout) instead of Hazelcast's 60 s call
 * timeout.
 *
 * <p>At most {@link #MAX_RUNNING} calls run at once; past that, calls wait in a queue, in order, for the next
 * thread that finishes (a thread that ends a call takes the next queued one itself). Threads are made on demand
 * and end after 30 s idle; a thread that has just ended its call may still be on its way back to the pool when a
 * new call starts another, so the thread count can pass the limit for a moment, never the number running.
 *
 * <p>The limit matters when a partition owner stops answering (paused, cut off): each call to it holds a thread
 * until Hazelcast answers or gives up (its call timeout, or the owner declared dead), and callers that time out and
 * retry add a thread per retry: without a limit, the thread count grows with the retry rate times that wait. The
 * cost, once {@value #MAX_RUNNING} calls wait for such an owner: other calls to healthy owners queue behind them
 * until those answer, and may time out. Lease renewals do not: the backend runs them in a lane of their own (a
 * second instance, {@value #MAX_RENEWING} at once), so a storm of acquires against a silent owner cannot make a
 * member lose the locks and terms it holds on healthy ones. The limit is high so that only that pathological case
 * reaches it: when owners answer, a call holds its thread for well under a millisecond (an uncontended lock
 * acquire + release, two calls, took 146-178 us in the coordination's benchmark on a 2-core machine).
 *
 * <p>Why not Hazelcast's asynchronous calls ({@code submitToKey}): each completes its returned stage through
 * Hazelcast's default asynchronous executor, which is the common {@code ForkJoinPool} or, where that has a
 * parallelism of 1 (machines with 2 cores), a new thread per call. Measured on a 2-core machine, that made an
 * uncontended lock acquire + release 3.6 times slower than the blocking calls (420 vs 116 us). A pooled thread
 * that makes the blocking call costs one hand-off.
 */
final class BoundedCalls {

    /** The most calls one backend runs at once, renewals aside. */
    static final int MAX_RUNNING = 256;
    /**
     * The most lease renewals one backend runs at once: one per held lease is in flight at a time, so only leases
     * on owners that do not answer hold these, and renewals on healthy owners find a thread.
     */
    static final int MAX_RENEWING = 64;

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ThreadPoolExecutor pool;
    private final Semaphore running;
    private final Queue<Call<?>> waiting = new ConcurrentLinkedQueue<>();

    BoundedCalls() {
        this(MAX_RUNNING);
    }

    BoundedCalls(int maxThreads) {
        this("call", maxThreads);
    }

    /**
     * @param lane       names the threads ({@code foundation-coordination-<lane>-<pool>-<n>})
     * @param maxThreads the most calls running at once
     */
    BoundedCalls(String lane, int maxThreads) {
        int id = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.running = new Semaphore(maxThreads);
        // no queue of its own: a call runs at once on an idle thread or a new one (the semaphore bounds them)
        this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "foundation-coordination-" + lane + "-" + id + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs a blocking call on the pool, at once if fewer than the limit are running, else once one ends.
     *
     * @param call the call
     * @param <T>  the result type
     * @return its result, or its failure; a failed future ({@link IllegalStateException}) once the pool is shut
     *         down
     */
    <T> CompletableFuture<T> run(Supplier<T> call) {
        Call<T> c = new Call<>(call);
        if (pool.isShutdown()) {
            c.closed(null);
            return c.result;
        }
        // Queue first, then look for a thread: a thread that ends looks at the queue after giving back its
        // permit, so between the two of them every queued call is seen.
        waiting.add(c);
        dispatch();
        if (pool.isShutdown()) {
            failWaiting(null); // shut down while this call was queued behind running ones
        }
        return c.result;
    }

    /** Starts queued calls while fewer than the limit run. */
    private void dispatch() {
        while (!waiting.isEmpty() && running.tryAcquire()) {
            Call<?> first = waiting.poll();
            if (first == null) {
                running.release();
                continue;
            }
            try {
                pool.execute(() -> work(first));
            } catch (RejectedExecutionException e) {
                running.release();
                first.closed(e);
                failWaiting(e);
                return;
            }
        }
    }

    /**
     * A thread's work: its call, then queued ones while there are any; then the permit back, and one more look at
     * the queue (a call queued while the permit was held found no thread), continuing on this thread if it can.
     */
    private void work(Call<?> first) {
        Call<?> next = first;
        while (next != null) {
            try {
                while (next != null) {
                    next.run();
                    next = pool.isShutdown() ? null : waiting.poll();
                }
            } finally {
                running.release();
            }
            if (pool.isShutdown()) {
                failWaiting(null);
                return;
            }
            while (next == null && !waiting.isEmpty() && running.tryAcquire()) {
                next = waiting.poll();
                if (next == null) {
                    running.release();
                }
            }
        }
    }

    /** The most threads the pool has had at once (for tests). */
    int largestPoolSize() {
        return pool.getLargestPoolSize();
    }

    private void failWaiting(Throwable cause) {
        for (Call<?> c; (c = waiting.poll()) != null; ) {
            c.closed(cause);
        }
    }

    /** Stops the pool; queued calls fail, a call in progress ends when Hazelcast answers it or the member stops. */
    void shutdown() {
        pool.shutdownNow();
        failWaiting(null);
    }

    /** One call and its result. */
    private static final class Call<T> {
        final Supplier<T> call;
        final CompletableFuture<T> result = new CompletableFuture<>();

        Call(Supplier<T> call) {
            this.call = call;
        }

        void run() {
            try {
                result.complete(call.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }

        void closed(Throwable cause) {
            result.completeExceptionally(new IllegalStateException("the coordination is closed", cause));
        }
    }
}
