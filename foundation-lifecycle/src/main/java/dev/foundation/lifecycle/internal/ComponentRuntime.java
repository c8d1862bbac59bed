package dev.foundation.lifecycle.internal;

import dev.foundation.lifecycle.HealthStatus;
import dev.foundation.lifecycle.Scheduler;
import dev.foundation.lifecycle.Stage;
import dev.foundation.lifecycle.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/** The live state of one component. */
final class ComponentRuntime {

    /** The thresholded health of a component, replaced as a whole (readers take no lock). */
    record HealthState(HealthStatus status, String detail, Instant lastCheck, int consecutiveFailures,
                       int consecutiveSuccesses) {
        static final HealthState INITIAL = new HealthState(HealthStatus.HEALTHY, null, null, 0, 0);
    }

    final ComponentDefinition def;
    final String name;
    /** Position in the dependency order. */
    final int order;
    final List<ComponentRuntime> dependencies = new ArrayList<>();
    final List<ComponentRuntime> dependents = new ArrayList<>();

    /** Guards stage changes; each change is queued in {@link #untold} under it, in the order of the changes. */
    final Object stageLock = new Object();
    /** Transitions not yet told to the listeners, oldest first. */
    final ConcurrentLinkedQueue<Transition> untold = new ConcurrentLinkedQueue<>();
    /**
     * Held by the one thread telling the listeners about this component's transitions (never while holding
     * {@link #stageLock}), so that they see them in order and the listeners run without the stage lock.
     */
    final ReentrantLock tellLock = new ReentrantLock();
    volatile Stage stage = Stage.NEW;
    /** Incremented on every start and stop: crash signals and health results of an older one are ignored. */
    final AtomicInteger generation = new AtomicInteger();

    /** Guards health recording. */
    final Object healthLock = new Object();
    volatile HealthState health = HealthState.INITIAL;
    volatile String lastError;
    final AtomicBoolean checkRunning = new AtomicBoolean();
    volatile Scheduler.Cancellable healthTask;

    /** A crash signalled while the component was still starting. */
    volatile Throwable pendingCrash;

    volatile Duration startDuration;
    volatile Duration stopDuration;
    final AtomicInteger restarts = new AtomicInteger();
    /** Monotonic times of the restarts this component's crashes caused; supervisor thread only. */
    final Deque<Long> restartTimes = new ArrayDeque<>();

    ComponentRuntime(ComponentDefinition def, int order) {
        this.def = def;
        this.name = def.name();
        this.order = order;
    }

    @Override
    public String toString() {
        return name;
    }
}
