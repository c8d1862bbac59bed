package dev.foundation.coordination.internal;

import dev.foundation.coordination.ClusterBelowMinimumSizeException;
import dev.foundation.coordination.Counter;
import dev.foundation.coordination.CounterOverflowException;
import dev.foundation.coordination.Coordination;
import dev.foundation.coordination.CoordinationConfig;
import dev.foundation.coordination.CoordinationException;
import dev.foundation.coordination.CoordinationInterruptedException;
import dev.foundation.coordination.DistributedLock;
import dev.foundation.coordination.EventualCounter;
import dev.foundation.coordination.LeaderElection;
import dev.foundation.coordination.LeadershipListener;
import dev.foundation.coordination.LockOptions;
import dev.foundation.coordination.WorkFunction;
import dev.foundation.coordination.WorkResults;
import dev.foundation.coordination.WorkUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The one coordination, over a {@link Backend}: locks ({@link FencedLock}, their held leases kept by the
 * {@link LeaseWatchdog}) and leader election ({@link LeaseElection}) over the backend's {@link LeaseStore}, a guard
 * that checks deadlines and quorum every 100 ms, and linearizable counters over its {@link CounterStore}, all written
 * once; the backend supplies the stores, its quorum verdict, eventual counters and work distribution.
 */
public final class DefaultCoordination implements Coordination, Backend.Host {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultCoordination.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** How often the guard checks deadlines, quorum and whether the process was paused. */
    private static final long GUARD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** The settings. */
    final CoordinationConfig config;
    /** The meters. */
    final Metrics metrics;
    private final Backend backend;
    private final LeaseStore store;
    private final String memberId;
    private final String threadPrefix;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService events;
    private final LeaseWatchdog watchdog;
    private final Set<LeaseElection> elections = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();
    private final Object releaseSignal = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** When the guard last ran (guard thread only). */
    private long lastGuardNanos = System.nanoTime();

    /**
     * Creates the coordination and its two threads over a backend, then starts the backend.
     *
     * @param config  the settings
     * @param backend the backend
     */
    public DefaultCoordination(CoordinationConfig config, Backend backend) {
        this.config = Objects.requireNonNull(config, "config");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.store = Objects.requireNonNull(backend.leaseStore(), "store");
        this.memberId = Objects.requireNonNull(backend.memberId(), "memberId");
        this.metrics = new Metrics(backend.name());
        config.meterRegistry().ifPresent(metrics::bindTo);
        this.threadPrefix = "foundation-coordination-" + INSTANCES.incrementAndGet();
        String schedulerName = threadPrefix + "-scheduler";
        String eventsName = threadPrefix + "-events";
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, schedulerName));
        timer.setRemoveOnCancelPolicy(true); // closed elections cancel their tasks: do not let them pile up
        this.scheduler = timer;
        this.events = Executors.newSingleThreadExecutor(r -> daemon(r, eventsName));
        this.watchdog = new LeaseWatchdog(this);
        backend.start(this);
        timer.scheduleWithFixedDelay(this::guard, GUARD_NANOS, GUARD_NANOS, TimeUnit.NANOSECONDS);
    }

    /**
     * A linearizable counter over the backend's {@link Backend#counterStore()}: updates are refused with
     * {@link ClusterBelowMinimumSizeException} while this member cannot confirm its
     * minimum cluster size, an update that would overflow throws
     * {@link CounterOverflowException} and changes nothing, and backend failures are
     * translated like every other call ({@link #translate}).
     */
    @Override
    public Counter counter(String name) {
        checkName(name, "counter name");
        ensureOpen();
        CounterStore counters = backend.counterStore();
        return new Counter() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long get() {
                try {
                    return counters.get(name);
                } catch (RuntimeException e) {
                    throw translate(e, "read counter '" + name + "'");
                }
            }

            @Override
            public long addAndGet(long delta) {
                String what = "update counter '" + name + "'";
                ensureQuorum(what);
                Long result;
                try {
                    result = counters.add(name, delta);
                } catch (RuntimeException e) {
                    throw translate(e, what);
                }
                if (result == null) {
                    throw new CounterOverflowException(name, delta);
                }
                return result;
            }

            @Override
            public boolean compareAndSet(long expected, long update) {
                String what = "update counter '" + name + "'";
                ensureQuorum(what);
                try {
                    return counters.compareAndSet(name, expected, update);
                } catch (RuntimeException e) {
                    throw translate(e, what);
                }
            }

            @Override
            public String toString() {
                return "Counter[" + name + "]";
            }
        };
    }

    private void ensureQuorum(String what) {
        if (!quorumPresent()) {
            throw new ClusterBelowMinimumSizeException(what,
                    config.minimumClusterSize(), null);
        }
    }

    /**
     * Checks a duration argument against {@link CoordinationConfig#MAX_DURATION}.
     *
     * @param name  the parameter name
     * @param value the value
     * @return the value
     */
    public static Duration checkDuration(String name, Duration value) {
        Objects.requireNonNull(value, name);
        Duration max = CoordinationConfig.MAX_DURATION;
        if (value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + max.toDays() + " days (" + max
                    + ") but was " + value);
        }
        return value;
    }

    /**
     * Whether this member can currently confirm that it is in a cluster of at least
     * {@link CoordinationConfig#minimumClusterSize()} members. No grant is requested, no lease kept valid and no
     * term kept while it cannot. The local backend always can.
     *
     * @return {@code true} if quorate
     */
    boolean quorumPresent() {
        return backend.quorumPresent();
    }


    /**
     * Runs every {@value #GUARD_NANOS} ns: notices stalls of the whole process, then ends every lease and term
     * whose safe deadline has passed or whose member lost its quorum, at once, with its listener told.
     */
    private void guard() {
        long now = System.nanoTime();
        long stalled = now - lastGuardNanos;
        lastGuardNanos = now;
        try {
            if (stalled > backend.pauseThresholdNanos()) {
                LOG.warn("coordination '{}': the process stood still for {} ms", memberId,
                        TimeUnit.NANOSECONDS.toMillis(stalled));
                backend.paused(stalled);
            }
            backend.alive();
            boolean quorate = quorumPresent();
            watchdog.check(quorate);
            for (LeaseElection election : elections) {
                election.check(quorate);
            }
        } catch (RuntimeException e) {
            LOG.warn("coordination '{}': guard failed; it runs again shortly", memberId, e);
        }
    }

    /**
     * Ends every lease and term held through this coordination at once, telling their listeners: the member is
     * merging into another cluster after a split brain, and the other side's records win.
     *
     * @param reason why, for the log and the lock-lost cause
     */
    @Override
    public void relinquishAll(String reason) {
        for (LeaseElection election : elections) {
            synchronized (election) {
                election.revoke(reason);
            }
        }
        watchdog.giveUpAll(reason);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * This coordination's meters, for {@link dev.foundation.coordination.CoordinationMeters}.
     *
     * @return the meters
     */
    @Override
    public Metrics metrics() {
        return metrics;
    }

    /**
     * The prefix of this coordination's thread names.
     *
     * @return the prefix
     */
    @Override
    public String threadPrefix() {
        return threadPrefix;
    }

    @Override
    public String memberId() {
        return memberId;
    }

    @Override
    public DistributedLock lock(String name, LockOptions options) {
        checkName(name, "lock name");
        Objects.requireNonNull(options, "options");
        ensureOpen();
        return new FencedLock(this, name, options);
    }

    @Override
    public LeaderElection election(String name, LeadershipListener listener) {
        checkName(name, "election name");
        Objects.requireNonNull(listener, "listener");
        ensureOpen();
        LeaseElection election = new LeaseElection(this, name, listener);
        elections.add(election);
        election.start();
        return election;
    }

    @Override
    public <T, R, A> A distribute(String taskName, Collection<WorkUnit<T>> units, WorkFunction<T, R> function,
                                        Function<WorkResults<R>, A> reducer) {
        checkName(taskName, "task name");
        Objects.requireNonNull(units, "units");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(reducer, "reducer");
        ensureOpen();
        Set<String> ids = new HashSet<>();
        for (WorkUnit<T> unit : units) {
            Objects.requireNonNull(unit, "unit");
            if (!ids.add(unit.id())) {
                throw new IllegalArgumentException("unit ids must be unique but '" + unit.id()
                        + "' appears twice in task '" + taskName + "'");
            }
        }
        registerWork(taskName, function);
        WorkResults<R> results = new WorkResults<>(taskName, backend.runUnits(taskName, List.copyOf(units)));
        return reducer.apply(results);
    }

    @Override
    public EventualCounter eventualCounter(String name) {
        checkName(name, "counter name");
        ensureOpen();
        return backend.eventualCounter(name);
    }

    @Override
    public <T, R> void registerWork(String taskName, WorkFunction<T, R> function) {
        checkName(taskName, "task name");
        Objects.requireNonNull(function, "function");
        ensureOpen();
        backend.registerWork(taskName, function);
    }

    /**
     * Releases leases and leaderships, stops threads, then closes the backend.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (LeaseElection election : List.copyOf(elections)) {
            election.close();
        }
        watchdog.releaseAll();
        events.shutdown();
        scheduler.shutdownNow();
        try {
            if (!events.awaitTermination(5, TimeUnit.SECONDS)) {
                events.shutdownNow();
            }
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        backend.close();
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return {@code true} if closed
     */
    boolean isClosed() {
        return closed.get();
    }

    /**
     * Throws if closed.
     */
    void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("coordination '" + memberId + "' is closed");
        }
    }

    /**
     * Checks a name argument.
     *
     * @param name the name
     * @param what what it names
     */
    static void checkName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank but was '" + name + "'");
        }
    }

    /**
     * Waits for a store operation within the operation timeout.
     *
     * @param future the operation
     * @param what   what it does, for messages
     * @param <T>    the result type
     * @return the result
     */
    <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(config.operationTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinationInterruptedException(what, e);
        } catch (ExecutionException e) {
            throw translate(e.getCause(), what);
        } catch (TimeoutException e) {
            throw new CoordinationException("timed out after " + config.operationTimeout() + " trying to " + what
                    + "; the cluster may be unreachable", e);
        }
    }

    /**
     * Turns a backend failure into the module's exception; backends map their split-brain refusal to
     * {@link ClusterBelowMinimumSizeException}.
     *
     * @param failure the failure
     * @param what    what was attempted
     * @return the exception to throw
     */
    CoordinationException translate(Throwable failure, String what) {
        CoordinationException specific = backend.translate(failure, what);
        if (specific != null) {
            return specific;
        }
        Throwable t = failure;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CoordinationException ce) {
            return ce;
        }
        return new CoordinationException("failed to " + what + ": " + t, t);
    }

    /** Wakes lock waiters and candidates at once (a lock was released or a member died). */
    @Override
    public void nudge() {
        synchronized (releaseSignal) {
            releaseSignal.notifyAll();
        }
        for (LeaseElection election : elections) {
            election.nudge();
        }
    }

    /** The coordination's lease store. */
    final LeaseStore store() {
        return store;
    }

    /** The coordination's timer thread. */
    final ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** A number unique within this coordination, for owner and candidate ids. */
    final long nextSequence() {
        return sequence.incrementAndGet();
    }

    /** The signal lock waiters wait on; notified when a lease is released or a member leaves. */
    final Object releaseSignal() {
        return releaseSignal;
    }

    /** The watchdog of the locks held through this coordination. */
    final LeaseWatchdog watchdog() {
        return watchdog;
    }

    /** Forgets a closed election. */
    final void removeElection(LeaseElection election) {
        elections.remove(election);
    }

    /** The part of a lease a holder may count on: {@code (1 - clockDriftRate) x lease}. */
    final long safeNanos(long leaseNanos) {
        return (long) (leaseNanos * (1.0 - config.clockDriftRate()));
    }

    /** Calls a listener on the events thread; a failing listener is logged. */
    final void fire(Runnable listenerCall, String what) {
        try {
            events.execute(() -> {
                try {
                    listenerCall.run();
                } catch (RuntimeException e) {
                    LOG.warn("{} listener failed", what, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("coordination closed; {} listener not called", what);
        }
    }
}
