package dev.foundation.lifecycle.internal;

import dev.foundation.lifecycle.ComponentTimeoutException;
import dev.foundation.lifecycle.LifecycleException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Runs one step (start or stop) over a set of components in dependency order, forward or reverse: a
 * component's step is launched once the steps of its prerequisites inside the set (linked directly or through
 * components outside it) are done, at most
 * {@code parallelism} steps at once, each bounded by its own timeout and by an overall deadline.
 *
 * <p>Up to {@code parallelism} worker loops run on the executor; each takes the next ready component, runs
 * its step, releases the components waiting for it and goes on with the next, so a step costs no thread
 * hand-off. Loops are added one at a time while ready work waits for a busy loop (see
 * {@link #SPAWN_DELAY_NANOS}). The calling thread only watches deadlines: a step past its timeout is abandoned (its thread is
 * interrupted and leaves the loop for good) and a fresh worker loop takes its place.
 */
final class GraphRun {

    /** How often the coordinator looks at deadlines and the abort condition. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /**
     * How long ready work may wait while every worker loop is busy before one more loop is started. Quick
     * steps are then run back to back by few threads (no contention), slow ones soon get their own thread.
     */
    private static final long SPAWN_DELAY_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    /** The work done for one component. It calls {@link Attempt#finish()} itself before reporting. */
    @FunctionalInterface
    interface Step {
        void run(ComponentRuntime component, Attempt attempt) throws Exception;
    }

    /**
     * Told when a step was abandoned: it exceeded its timeout ({@link ComponentTimeoutException}) or the run
     * was aborted while it was in flight ({@link LifecycleException}).
     */
    @FunctionalInterface
    interface TimeoutHandler {
        void timedOut(ComponentRuntime component, LifecycleException reason, Duration allowed);
    }

    /** What happened to each component of the set. */
    static final class Result {
        final Set<ComponentRuntime> succeeded = new LinkedHashSet<>();
        /** Failures (thrown or timed out) in the order they were seen. */
        final Map<ComponentRuntime, Throwable> failures = new LinkedHashMap<>();
        final Set<ComponentRuntime> notRun = new LinkedHashSet<>();
        boolean aborted;

        boolean ok() {
            return failures.isEmpty() && notRun.isEmpty();
        }
    }

    private static final class Running {
        final Attempt attempt;
        final Thread thread;
        final Duration allowed;
        long deadline;
        /** Set when the run was aborted: why the step is abandoned before its own timeout. */
        String abortedBy;

        Running(Attempt attempt, Thread thread, Duration allowed, long deadline) {
            this.attempt = attempt;
            this.thread = thread;
            this.allowed = allowed;
            this.deadline = deadline;
        }
    }

    private final String verb;
    private final Set<ComponentRuntime> set;
    private final boolean reverse;
    private final ExecutorService executor;
    private final int parallelism;
    private final Function<ComponentRuntime, Duration> timeout;
    private final long deadline;
    private final boolean stopOnFailure;
    private final Step step;
    private final TimeoutHandler onTimeout;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<ComponentRuntime> ready;
    private final Map<ComponentRuntime, Integer> waiting = new HashMap<>();
    /**
     * For each component of the set, the components of the set that wait for its step (see {@link #project}),
     * or {@code null} when the set is closed under the dependency edges and the direct edges serve.
     */
    private Map<ComponentRuntime, List<ComponentRuntime>> next;
    private final Map<ComponentRuntime, Running> running = new LinkedHashMap<>();
    private final Result result = new Result();
    private int workers;
    private boolean launching = true;

    private GraphRun(String verb, Collection<ComponentRuntime> nodes, boolean reverse, ExecutorService executor,
                     int parallelism, Function<ComponentRuntime, Duration> timeout, long deadline, boolean stopOnFailure,
                     Step step, TimeoutHandler onTimeout) {
        this.verb = verb;
        this.set = new LinkedHashSet<>(nodes);
        this.reverse = reverse;
        this.executor = executor;
        this.parallelism = parallelism;
        this.timeout = timeout;
        this.deadline = deadline;
        this.stopOnFailure = stopOnFailure;
        this.step = step;
        this.onTimeout = onTimeout;
        Comparator<ComponentRuntime> byOrder = Comparator.comparingInt(c -> c.order);
        this.ready = new PriorityQueue<>(reverse ? byOrder.reversed() : byOrder);
    }

    /**
     * Runs the step over {@code nodes}.
     *
     * @param verb          "start" or "stop", for timeout messages
     * @param nodes         the components to run the step for
     * @param reverse       {@code false}: dependencies first; {@code true}: dependents first
     * @param executor      where steps run
     * @param parallelism   at most this many steps at once
     * @param timeout       each component's own timeout
     * @param deadline      an overall deadline on {@link System#nanoTime()} ({@code Long.MAX_VALUE}: none)
     * @param abort         checked while waiting: when true, nothing further is launched
     * @param stopOnFailure whether a failure stops further launches (start) or only is recorded (stop)
     * @param step          the work
     * @param onTimeout     told about each abandoned step
     * @return what happened
     */
    static Result run(String verb, Collection<ComponentRuntime> nodes, boolean reverse, ExecutorService executor,
                      int parallelism, Function<ComponentRuntime, Duration> timeout, long deadline,
                      BooleanSupplier abort, boolean stopOnFailure, Step step, TimeoutHandler onTimeout) {
        return new GraphRun(verb, nodes, reverse, executor, parallelism, timeout, deadline, stopOnFailure, step, onTimeout)
                .coordinate(abort);
    }

    private Result coordinate(BooleanSupplier abort) {
        boolean interrupted = false;
        lock.lock();
        try {
            if (closedUnderEdges()) { // a whole graph, or a dependency-closed part: direct edges, nothing to build
                for (ComponentRuntime c : set) {
                    int n = (reverse ? c.dependents : c.dependencies).size();
                    if (n == 0) {
                        ready.add(c);
                    } else {
                        waiting.put(c, n);
                    }
                }
            } else {
                next = new HashMap<>();
                for (ComponentRuntime c : set) {
                    Set<ComponentRuntime> before = project(c, reverse);
                    for (ComponentRuntime p : before) {
                        next.computeIfAbsent(p, k -> new ArrayList<>()).add(c);
                    }
                    if (before.isEmpty()) {
                        ready.add(c);
                    } else {
                        waiting.put(c, before.size());
                    }
                }
            }
            while (true) {
                if (launching && abort.getAsBoolean()) {
                    launching = false;
                    result.aborted = true;
                    // abandon what is in flight too: an aborted start must not wait for slow starts
                    for (Running r : running.values()) {
                        r.deadline = System.nanoTime();
                        r.abortedBy = "abandoned: the run was aborted";
                    }
                }
                spawnWorkers();
                if (workers == 0 && running.isEmpty()) {
                    break;
                }
                long now = System.nanoTime();
                long wait = launching && !ready.isEmpty() && workers < parallelism ? SPAWN_DELAY_NANOS : POLL_NANOS;
                for (Running r : running.values()) {
                    wait = Math.min(wait, r.deadline - now);
                }
                if (wait > 0) {
                    try {
                        changed.awaitNanos(wait);
                    } catch (InterruptedException e) {
                        // finish what is in flight (each step is bounded by its timeout); launch nothing more
                        interrupted = true;
                        launching = false;
                        result.aborted = true;
                    }
                }
                expire();
            }
        } finally {
            lock.unlock();
        }
        for (ComponentRuntime c : set) {
            if (!result.succeeded.contains(c) && !result.failures.containsKey(c)) {
                result.notRun.add(c);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return result;
    }

    /**
     * Starts one more worker loop when there is ready work, every loop is busy running a step (none is about
     * to take work), and the parallelism allows it. Called by the coordinator each time it wakes, so while
     * work stays ready the loops ramp up one per {@link #SPAWN_DELAY_NANOS}. Lock held.
     */
    private void spawnWorkers() {
        while (launching && workers < parallelism && !ready.isEmpty() && workers == running.size()) {
            workers++;
            try {
                executor.execute(this::workerLoop);
            } catch (RejectedExecutionException e) {
                workers--;
                ComponentRuntime c = ready.poll();
                result.failures.put(c, e);
                finished(c, false);
            }
        }
    }

    /** Abandons the steps past their deadline. Lock held. */
    private void expire() {
        long now = System.nanoTime();
        List<ComponentRuntime> expired = new ArrayList<>();
        for (Map.Entry<ComponentRuntime, Running> e : running.entrySet()) {
            if (e.getValue().deadline - now <= 0) {
                expired.add(e.getKey());
            }
        }
        for (ComponentRuntime c : expired) {
            Running r = running.get(c);
            if (r.attempt.abandon()) {
                running.remove(c);
                workers--; // that worker leaves the loop for good; spawnWorkers replaces it
                r.thread.interrupt(); // delivered before the worker can take the lock again
                LifecycleException reason = r.abortedBy == null
                        ? new ComponentTimeoutException(verb + " of '" + c.name + "'", r.allowed)
                        : new LifecycleException(verb + " of '" + c.name + "' " + r.abortedBy, null);
                onTimeout.timedOut(c, reason, r.allowed);
                result.failures.put(c, reason);
                finished(c, false);
            } else {
                r.deadline = Long.MAX_VALUE; // it finished just in time; its worker reports it
            }
        }
    }

    /** Records the end of a component's step and releases what waited for it. Lock held. */
    private void finished(ComponentRuntime c, boolean ok) {
        if (!ok && stopOnFailure) {
            launching = false;
            changed.signalAll();
            return;
        }
        for (ComponentRuntime n : next != null ? next.getOrDefault(c, List.of()) : reverse ? c.dependencies : c.dependents) {
            Integer left = waiting.merge(n, -1, Integer::sum);
            if (left != null && left == 0) {
                waiting.remove(n);
                ready.add(n);
            }
        }
    }

    /** Whether every dependency and dependent of every member is in the set too. */
    private boolean closedUnderEdges() {
        for (ComponentRuntime c : set) {
            for (ComponentRuntime d : c.dependencies) {
                if (!set.contains(d)) {
                    return false;
                }
            }
            for (ComponentRuntime d : c.dependents) {
                if (!set.contains(d)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The components of the set whose step must be done before {@code c}'s: its prerequisites (dependencies
     * when starting, dependents when stopping) projected onto the set, walking through components outside
     * it. When a one-for-all restart stops {db, web} after {cache} crashed, web still stops before db,
     * although the edge between them runs through cache.
     */
    private Set<ComponentRuntime> project(ComponentRuntime c, boolean reverse) {
        Set<ComponentRuntime> found = new LinkedHashSet<>();
        Set<ComponentRuntime> seen = new HashSet<>();
        ArrayDeque<ComponentRuntime> toVisit = new ArrayDeque<>(reverse ? c.dependents : c.dependencies);
        while (!toVisit.isEmpty()) {
            ComponentRuntime p = toVisit.poll();
            if (!seen.add(p)) {
                continue;
            }
            if (set.contains(p)) {
                found.add(p);
            } else {
                toVisit.addAll(reverse ? p.dependents : p.dependencies);
            }
        }
        return found;
    }

    private void workerLoop() {
        lock.lock();
        try {
            while (true) {
                if (!launching || ready.isEmpty()) {
                    workers--;
                    if (workers == 0) {
                        changed.signalAll();
                    }
                    return;
                }
                ComponentRuntime c = ready.poll();
                long now = System.nanoTime();
                long allowedNanos = Math.max(0, Math.min(timeout.apply(c).toNanos(), deadline - now));
                Attempt attempt = new Attempt();
                running.put(c, new Running(attempt, Thread.currentThread(), Duration.ofNanos(allowedNanos), now + allowedNanos));
                if (allowedNanos < POLL_NANOS) {
                    changed.signalAll(); // the coordinator may be waiting longer than this step may take
                }
                lock.unlock();
                Throwable error = null;
                try {
                    step.run(c, attempt);
                } catch (Throwable t) {
                    error = t;
                }
                lock.lock();
                if (attempt.isAbandoned()) {
                    // the coordinator gave up on this step, interrupted this thread, and replaced this worker
                    Thread.interrupted();
                    return;
                }
                running.remove(c);
                if (error == null) {
                    result.succeeded.add(c);
                    finished(c, true);
                } else {
                    result.failures.put(c, error);
                    finished(c, false);
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
