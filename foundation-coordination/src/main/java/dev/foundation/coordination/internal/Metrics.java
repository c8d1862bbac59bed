package dev.foundation.coordination.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/** The meters of one coordination; every method is a no-op without a registry. */
public final class Metrics {

    private final MeterRegistry registry;
    private final String backend;

    /**
     * Creates the meters' home.
     *
     * @param registry the registry or {@code null}
     * @param backend  the backend tag value
     */
    public Metrics(MeterRegistry registry, String backend) {
        this.registry = registry;
        this.backend = backend;
    }

    /**
     * Records an acquisition attempt.
     *
     * @param lock     the lock name
     * @param acquired whether it was granted
     * @param waited   how long it took
     */
    public void lockAcquire(String lock, boolean acquired, Duration waited) {
        if (registry != null) {
            Timer.builder("foundation.coordination.lock.acquire")
                    .description("Time to acquire a lock, by outcome")
                    .tags("backend", backend, "lock", lock, "outcome", acquired ? "acquired" : "timeout")
                    .register(registry).record(waited);
        }
    }

    /**
     * Records a lost lease.
     *
     * @param lock the lock name
     */
    public void lockLost(String lock) {
        if (registry != null) {
            registry.counter("foundation.coordination.lock.lost", "backend", backend, "lock", lock).increment();
        }
    }

    /**
     * Records a leadership change of this member's candidate.
     *
     * @param election the election
     * @param event    {@code elected} or {@code revoked}
     */
    public void leadership(String election, String event) {
        if (registry != null) {
            registry.counter("foundation.coordination.election.transitions", "backend", backend,
                    "election", election, "event", event).increment();
        }
    }

    /**
     * Records the outcome of one work unit.
     *
     * @param task    the task name
     * @param outcome {@code success}, {@code failure} or {@code timeout}
     */
    public void unit(String task, String outcome) {
        if (registry != null) {
            registry.counter("foundation.coordination.work.units", "backend", backend, "task", task,
                    "outcome", outcome).increment();
        }
    }

    /**
     * Records a unit resubmitted after its member died.
     *
     * @param task the task name
     */
    public void unitReassigned(String task) {
        if (registry != null) {
            registry.counter("foundation.coordination.work.reassigned", "backend", backend, "task", task).increment();
        }
    }
}
