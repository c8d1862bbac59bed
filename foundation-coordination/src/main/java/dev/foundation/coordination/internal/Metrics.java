package dev.foundation.coordination.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import java.time.Duration;
import java.util.Objects;

/**
 * The meters of one coordination, registered in a composite registry of its own. The composite records nothing
 * until a registry is bound to it ({@link #bindTo}, through {@link dev.foundation.coordination.CoordinationMeters}
 * or {@code CoordinationConfig.meterRegistry}); meters created before a binding start recording in the bound
 * registry from then on.
 */
public final class Metrics {

    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    private final String backend;

    /**
     * Creates the meters' home, bound to no registry yet.
     *
     * @param backend the backend tag value
     */
    public Metrics(String backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    /**
     * Records into {@code target} too from now on (every meter, including those created before).
     *
     * @param target the registry
     */
    public void bindTo(MeterRegistry target) {
        registry.add(Objects.requireNonNull(target, "registry"));
    }

    /**
     * Records an acquisition attempt.
     *
     * @param lock     the lock name
     * @param acquired whether it was granted
     * @param waited   how long it took
     */
    public void lockAcquire(String lock, boolean acquired, Duration waited) {
        Timer.builder("foundation.coordination.lock.acquire")
                .description("Time to acquire a lock, by outcome")
                .tags("backend", backend, "lock", lock, "outcome", acquired ? "acquired" : "timeout")
                .register(registry).record(waited);
    }

    /**
     * Records a lost lease.
     *
     * @param lock the lock name
     */
    public void lockLost(String lock) {
        registry.counter("foundation.coordination.lock.lost", "backend", backend, "lock", lock).increment();
    }

    /**
     * Records a leadership change of this member's candidate.
     *
     * @param election the election
     * @param event    {@code elected} or {@code revoked}
     */
    public void leadership(String election, String event) {
        registry.counter("foundation.coordination.election.transitions", "backend", backend,
                "election", election, "event", event).increment();
    }

    /**
     * Records the outcome of one work unit.
     *
     * @param task    the task name
     * @param outcome {@code success}, {@code failure} or {@code timeout}
     */
    public void unit(String task, String outcome) {
        registry.counter("foundation.coordination.work.units", "backend", backend, "task", task,
                "outcome", outcome).increment();
    }

    /**
     * Records a unit resubmitted after its member died.
     *
     * @param task the task name
     */
    public void unitReassigned(String task) {
        registry.counter("foundation.coordination.work.reassigned", "backend", backend, "task", task).increment();
    }
}
