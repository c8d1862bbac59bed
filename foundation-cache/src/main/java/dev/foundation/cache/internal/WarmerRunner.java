package dev.foundation.cache.internal;

import dev.foundation.cache.Warmer;
import dev.foundation.cache.WarmerLock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a cache's warmers: on their schedules (one daemon thread) and on demand, each run under the
 * {@link WarmerLock} if there is one, counted as success, skipped (lock held elsewhere) or failure.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class WarmerRunner<K, V> {

    private static final Logger LOG = LoggerFactory.getLogger(WarmerRunner.class);

    private final String cacheName;
    private final Map<String, Warmer<K, V>> warmers = new LinkedHashMap<>();
    private final WarmerLock lock;
    private final Counters counters;
    private final Consumer<Collection<K>> loadKeys;
    private final BiConsumer<K, V> put;
    private final BooleanSupplier closed;
    private final ScheduledExecutorService scheduler;

    /**
     * @param cacheName the cache name
     * @param warmers   the warmers
     * @param lock      the lock, or {@code null}
     * @param counters  where runs are counted
     * @param loadKeys  loads keys through the cache (for key warmers)
     * @param put       puts an entry (for entry warmers)
     * @param closed    whether the cache is closed
     */
    WarmerRunner(String cacheName, List<Warmer<K, V>> warmers, WarmerLock lock, Counters counters,
                 Consumer<Collection<K>> loadKeys, BiConsumer<K, V> put, BooleanSupplier closed) {
        this.cacheName = cacheName;
        this.lock = lock;
        this.counters = counters;
        this.loadKeys = loadKeys;
        this.put = put;
        this.closed = closed;
        for (Warmer<K, V> w : warmers) {
            this.warmers.put(w.name(), w);
            counters.warmerRuns.put(w.name(), new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder()});
        }
        this.scheduler = warmers.isEmpty() ? null
                : new ScheduledThreadPoolExecutor(1, Threads.daemon("foundation-cache-" + cacheName + "-warmer"));
    }

    /** Schedules every warmer. */
    void start() {
        if (scheduler == null) {
            return;
        }
        for (Warmer<K, V> w : warmers.values()) {
            Runnable run = () -> run(w);
            long initial = w.initialDelay().toMillis();
            long period = w.period().toMillis();
            if (w.isFixedRate()) {
                scheduler.scheduleAtFixedRate(run, initial, period, TimeUnit.MILLISECONDS);
            } else {
                scheduler.scheduleWithFixedDelay(run, initial, period, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Runs a warmer now on the calling thread; see {@link dev.foundation.cache.TieredCache#warmNow(String)}. */
    boolean runNow(String warmerName) {
        Warmer<K, V> warmer = warmers.get(warmerName);
        if (warmer == null) {
            throw new IllegalArgumentException("cache '" + cacheName + "' has no warmer named '" + warmerName
                    + "'; warmers: " + warmers.keySet());
        }
        return run(warmer);
    }

    private boolean run(Warmer<K, V> warmer) {
        LongAdder[] runs = counters.warmerRuns.get(warmer.name());
        if (closed.getAsBoolean()) {
            return false;
        }
        BooleanSupplier body = () -> {
            if (warmer.keysSupplier() != null) {
                loadKeys.accept(List.copyOf(warmer.keysSupplier().get()));
            } else {
                warmer.entriesSupplier().get().forEach(put);
            }
            return true;
        };
        try {
            boolean ran = lock == null ? body.getAsBoolean()
                    : lock.runExclusively("foundation.cache." + cacheName + ".warmer." + warmer.name(), body);
            runs[ran ? 0 : 1].increment();
            return ran;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            runs[2].increment();
            LOG.warn("cache '{}': warmer '{}' failed; it runs again at its next scheduled time", cacheName,
                    warmer.name(), e);
            return false;
        }
    }

    /** Stops the scheduled runs and waits for a running one to end (the cache is closing). */
    void stop() {
        Threads.stop(scheduler, cacheName);
    }
}
