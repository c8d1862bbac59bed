package dev.foundation.cache.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Thread factories for the cache's own threads (daemon, named after the cache), and their stop. */
final class Threads {

    private static final Logger LOG = LoggerFactory.getLogger(Threads.class);

    private Threads() {
    }

    static ThreadFactory daemon(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Interrupts the executor's threads and waits up to 10 s for them to end; {@code null} is ignored. */
    static void stop(ExecutorService executor, String cacheName) {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("cache '{}': background threads did not stop within 10 s", cacheName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
