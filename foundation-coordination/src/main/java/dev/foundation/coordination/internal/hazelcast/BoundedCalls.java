package dev.foundation.coordination.internal.hazelcast;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
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
 * <p>Why not Hazelcast's asynchronous calls ({@code submitToKey}): each completes its returned stage through
 * Hazelcast's default asynchronous executor, which is the common {@code ForkJoinPool} or, where that has a
 * parallelism of 1 (machines with 2 cores), a new thread per call. Measured on a 2-core machine, that made an
 * uncontended lock acquire + release 3.6 times slower than the blocking calls (420 vs 116 us). A pooled thread
 * that makes the blocking call costs one hand-off.
 */
final class BoundedCalls {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ThreadPoolExecutor pool;

    BoundedCalls() {
        int id = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        // no queue: a call runs at once on an idle thread or a new one; idle threads end after 30 s
        this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "foundation-coordination-call-" + id + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs a blocking call on the pool.
     *
     * @param call the call
     * @param <T>  the result type
     * @return its result, or its failure; a failed future if the pool is shut down
     */
    <T> CompletableFuture<T> run(Supplier<T> call) {
        try {
            return CompletableFuture.supplyAsync(call, pool);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the coordination is closed", e));
        }
    }

    /** Stops the pool; a call in progress ends when Hazelcast answers it or the member shuts down. */
    void shutdown() {
        pool.shutdownNow();
    }
}
