package dev.foundation.events.internal;

import dev.foundation.events.DeadLetter;
import dev.foundation.events.EventStream;
import dev.foundation.events.EventStreams;
import dev.foundation.events.StreamSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The registry: named streams, the shared Flow executor (created on first use) and the maintenance thread
 * that applies retention (created for the first durable stream with retention).
 */
public final class EventStreamsImpl implements EventStreams {

    private static final Duration MAINTENANCE_PERIOD = Duration.ofSeconds(10);

    private final Optional<MeterRegistry> meterRegistry;
    private final Clock clock;
    private final Duration drainTimeout;
    private final Map<String, StreamImpl<?>> streams = new LinkedHashMap<>();
    private final AtomicInteger threadIds = new AtomicInteger();
    private ExecutorService flowExecutor;
    /** The flow and maintenance pools' threads that may still be alive, joined on close. */
    private final Set<Thread> poolThreads = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService maintenance;
    private boolean closed;

    /**
     * Creates a registry; use {@link EventStreams#builder()}.
     *
     * @param meterRegistry where to register meters, if anywhere
     * @param clock         the clock for timestamps and retention
     * @param drainTimeout  the drain timeout of {@link #close()}
     */
    public EventStreamsImpl(Optional<MeterRegistry> meterRegistry, Clock clock, Duration drainTimeout) {
        this.meterRegistry = meterRegistry;
        this.clock = clock;
        this.drainTimeout = drainTimeout;
    }

    Clock clock() {
        return clock;
    }

    Duration drainTimeout() {
        return drainTimeout;
    }

    Metrics metrics(Tags tags) {
        return new Metrics(meterRegistry, tags);
    }

    @Override
    public <T> EventStream<T> create(String name, StreamSpec<T> spec) {
        StreamImpl.requireName(name, "stream name");
        Objects.requireNonNull(spec, "spec");
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the EventStreams registry is closed");
            }
            StreamImpl<?> existing = streams.get(name);
            if (existing != null) {
                if (existing.spec().sameAs(spec)) {
                    @SuppressWarnings("unchecked")
                    EventStream<T> same = (EventStream<T>) existing;
                    return same;
                }
                throw new IllegalArgumentException("stream '" + name + "' already exists with another spec: "
                        + existing.spec() + "; requested " + spec);
            }
            if (streams.containsKey(name + DeadLetter.STREAM_SUFFIX)) {
                throw new IllegalArgumentException("stream name '" + name + "' clashes with an existing stream's "
                        + "dead-letter stream '" + name + DeadLetter.STREAM_SUFFIX + "'");
            }
            StreamImpl<T> stream = new StreamImpl<>(this, name, spec, false);
            streams.put(name, stream);
            streams.put(name + DeadLetter.STREAM_SUFFIX, (StreamImpl<?>) stream.deadLetters());
            return stream;
        }
    }

    @Override
    public synchronized <T> Optional<EventStream<T>> find(String name, Class<T> type) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        StreamImpl<?> s = streams.get(name);
        if (s == null) {
            return Optional.empty();
        }
        if (!s.spec().type().equals(type)) {
            throw new IllegalArgumentException("stream '" + name + "' holds " + s.spec().type().getName() + ", not "
                    + type.getName());
        }
        @SuppressWarnings("unchecked")
        EventStream<T> typed = (EventStream<T>) s;
        return Optional.of(typed);
    }

    @Override
    public synchronized Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(streams.keySet()));
    }

    synchronized void removed(StreamImpl<?> stream) {
        streams.remove(stream.name(), stream);
    }

    synchronized ExecutorService flowExecutor() {
        if (flowExecutor == null) {
            if (closed) {
                throw new java.util.concurrent.RejectedExecutionException("the EventStreams registry is closed");
            }
            flowExecutor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    r -> daemon(r, "foundation-events-flow-" + threadIds.incrementAndGet()));
        }
        return flowExecutor;
    }

    synchronized ScheduledFuture<?> scheduleMaintenance(Runnable task) {
        if (maintenance == null) {
            ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1,
                    r -> daemon(r, "foundation-events-maintenance-" + threadIds.incrementAndGet()));
            s.setRemoveOnCancelPolicy(true);
            maintenance = s;
        }
        long period = MAINTENANCE_PERIOD.toMillis();
        return maintenance.scheduleWithFixedDelay(task, period, period, TimeUnit.MILLISECONDS);
    }

    private Thread daemon(Runnable r, String name) {
        poolThreads.removeIf(t -> !t.isAlive());
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        poolThreads.add(t);
        return t;
    }

    @Override
    public void close() {
        List<StreamImpl<?>> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>();
            for (StreamImpl<?> s : streams.values()) {
                if (!s.name().endsWith(DeadLetter.STREAM_SUFFIX) || !streams.containsKey(
                        s.name().substring(0, s.name().length() - DeadLetter.STREAM_SUFFIX.length()))) {
                    toClose.add(s);
                }
            }
        }
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        for (StreamImpl<?> s : toClose) {
            s.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        ExecutorService flows;
        ScheduledExecutorService maint;
        synchronized (this) {
            flows = flowExecutor;
            maint = maintenance;
        }
        shutdown(flows);
        shutdown(maint);
        long joinBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            for (Thread t : poolThreads) {
                long left = TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime());
                if (t != Thread.currentThread() && left > 0) {
                    t.join(left); // a pool's worker is still alive briefly after the pool terminated
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void shutdown(ExecutorService executor) {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
                executor.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
