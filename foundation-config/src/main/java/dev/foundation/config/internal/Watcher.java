package dev.foundation.config.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the directories of the configuration files (not the files: editors and Kubernetes replace files by
 * rename or by swapping the {@code ..data} symlink, which a watch on the file itself would miss), debounces
 * bursts of events (waiting at most {@link #MAX_WAIT_FACTOR} debounces from a burst's first event, so a file
 * edited without pause is still reloaded), and optionally polls as a fallback. A watched directory that goes
 * away (removed, a volume unmounted) cannot be watched again: polling takes over, every
 * {@link #FALLBACK_POLL}, with a warning. Owns one watch thread and one scheduler thread, both stopped by
 * {@link #close()}.
 */
public final class Watcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Watcher.class);

    /** A burst of events delays the reload by at most this many debounce periods from its first event. */
    public static final int MAX_WAIT_FACTOR = 10;
    /** The polling interval used when watching is impossible or a watched directory went away. */
    static final Duration FALLBACK_POLL = Duration.ofSeconds(2);

    private final Set<Path> dirs = new LinkedHashSet<>();
    private final Set<String> names = new LinkedHashSet<>();
    private final Duration debounce;
    private final Runnable trigger;
    private final ScheduledExecutorService scheduler;
    private final Object lock = new Object();
    /** The scheduler's threads, joined by close() so that none outlives it. */
    private final List<Thread> schedulerThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private WatchService service;
    private Thread thread;
    private ScheduledFuture<?> pending;
    /** When the current burst's first event came (System.nanoTime), valid while {@code inBurst}; under lock. */
    private long burstStart;
    private boolean inBurst;
    /** Whether polling runs (configured, or the fallback after a watch was lost); under lock. */
    private boolean polling;
    private final String name;
    private volatile boolean closed;

    /**
     * Creates and starts a watcher.
     *
     * @param name         the configuration's name, used in thread names
     * @param files        the files to watch
     * @param watch        whether to use the file system's watch service
     * @param pollInterval polling interval, or null/zero for none
     * @param debounce     how long to wait for more events before reloading
     * @param trigger      what to run (the reload)
     * @return the running watcher
     */
    public static Watcher start(String name, Collection<Path> files, boolean watch, Duration pollInterval,
            Duration debounce, Runnable trigger) {
        Watcher w = new Watcher(name, files, debounce, trigger);
        boolean watching = watch && w.startWatching(name);
        Duration poll = pollInterval;
        if (watch && !watching && (poll == null || poll.isZero())) {
            poll = FALLBACK_POLL;
            LOG.warn("config '{}': no file watch service available; polling every {} instead", name, poll);
        }
        if (poll != null && !poll.isZero()) {
            w.poll(poll);
        }
        return w;
    }

    /** Reloads every {@code interval} from now on (once: a second call does nothing). */
    private void poll(Duration interval) {
        synchronized (lock) {
            if (closed || polling) {
                return;
            }
            polling = true;
        }
        long ms = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::fire, ms, ms, TimeUnit.MILLISECONDS);
    }

    private Watcher(String name, Collection<Path> files, Duration debounce, Runnable trigger) {
        this.name = name;
        for (Path f : files) {
            Path abs = f.toAbsolutePath().normalize();
            Path dir = abs.getParent();
            if (dir != null) {
                dirs.add(dir);
            }
            names.add(String.valueOf(abs.getFileName()));
        }
        this.debounce = debounce;
        this.trigger = trigger;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "foundation-config-reload-" + name);
            t.setDaemon(true);
            schedulerThreads.add(t);
            return t;
        });
    }

    private boolean startWatching(String name) {
        List<Path> registered = new ArrayList<>();
        try {
            service = FileSystems.getDefault().newWatchService();
            for (Path dir : dirs) {
                try {
                    dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                    registered.add(dir);
                } catch (IOException e) {
                    LOG.warn("config '{}': cannot watch directory {} ({}); changes there are seen by polling only",
                            name, dir, e.toString());
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("config '{}': file watching unavailable: {}", name, e.toString());
            return false;
        }
        if (registered.isEmpty()) {
            closeService();
            return false;
        }
        thread = new Thread(this::loop, "foundation-config-watch-" + name);
        thread.setDaemon(true);
        thread.start();
        return true;
    }

    private void loop() {
        try {
            while (!closed) {
                WatchKey key = service.take();
                boolean relevant = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        relevant = true;
                        continue;
                    }
                    String changed = String.valueOf(event.context());
                    // a watched file, or Kubernetes' ..data / ..2026_xx entries swapped by the kubelet
                    if (names.contains(changed) || changed.startsWith("..")) {
                        relevant = true;
                    }
                }
                if (!key.reset()) {
                    // The directory is gone (removed, or a volume unmounted): no event will come from it again,
                    // even once it is back. Poll instead, and read now: the files went with it.
                    LOG.warn("config '{}': directory {} can no longer be watched (removed?); polling every {}"
                            + " instead", name, key.watchable(), FALLBACK_POLL);
                    poll(FALLBACK_POLL);
                    relevant = true;
                }
                if (relevant) {
                    schedule();
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: the thread ends
        }
    }

    private void schedule() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            if (!inBurst) {
                inBurst = true;
                burstStart = now;
            }
            long debounceNanos = Math.max(0, debounce.toNanos());
            long maxWaitNanos = debounceNanos > Long.MAX_VALUE / MAX_WAIT_FACTOR ? Long.MAX_VALUE
                    : debounceNanos * MAX_WAIT_FACTOR;
            long leftOfMaxWait = Math.max(0, maxWaitNanos - (now - burstStart));
            if (pending != null) {
                pending.cancel(false);
            }
            pending = scheduler.schedule(this::fireDebounced, Math.min(debounceNanos, leftOfMaxWait), TimeUnit.NANOSECONDS);
        }
    }

    /** The end of a burst (quiet for a debounce, or at its maximum wait): reads whatever the files hold now. */
    private void fireDebounced() {
        synchronized (lock) {
            inBurst = false;
            pending = null;
        }
        fire();
    }

    private void fire() {
        if (closed) {
            return;
        }
        try {
            trigger.run();
        } catch (RuntimeException e) {
            LOG.warn("config reload failed unexpectedly", e);
        }
    }

    private void closeService() {
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                LOG.debug("closing the watch service failed", e);
            }
        }
    }

    /** Stops the watch thread and the scheduler and waits (bounded) for them to end. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        closeService();
        scheduler.shutdownNow();
        if (schedulerThreads.contains(Thread.currentThread())) {
            return; // closed by a listener on the reload thread: it ends when the listener returns
        }
        try {
            if (thread != null) {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
            for (Thread t : schedulerThreads) {
                t.join(TimeUnit.SECONDS.toMillis(5)); // a worker is still alive briefly after termination
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
