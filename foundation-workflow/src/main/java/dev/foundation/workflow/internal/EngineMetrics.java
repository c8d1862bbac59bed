package dev.foundation.workflow.internal;

import dev.foundation.workflow.Status;
import dev.foundation.workflow.spi.AttemptKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The engine's meters; every method is a no-op without a registry. */
final class EngineMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    EngineMetrics(MeterRegistry registry, Supplier<Number> inFlight) {
        this.registry = registry;
        if (registry != null) {
            Gauge.builder("foundation.workflow.instances.inflight", inFlight)
                    .description("workflow instances this engine is running now")
                    .register(registry);
        }
    }

    void started(String workflow) {
        if (registry == null) {
            return;
        }
        counters.computeIfAbsent("started|" + workflow, k -> Counter.builder("foundation.workflow.instances.started")
                .description("workflow instances created")
                .tag("workflow", workflow)
                .register(registry)).increment();
    }

    void ended(String workflow, Status status) {
        if (registry == null) {
            return;
        }
        counters.computeIfAbsent("ended|" + workflow + "|" + status, k ->
                Counter.builder("foundation.workflow.instances.ended")
                        .description("workflow instances that reached a final status")
                        .tag("workflow", workflow)
                        .tag("status", status.name().toLowerCase(Locale.ROOT))
                        .register(registry)).increment();
    }

    /** Cluster mode: the node stopped running an instance ({@code reason}: fenced, lease-lost, lease-expired, released). */
    void ownershipLost(String reason) {
        if (registry == null) {
            return;
        }
        counters.computeIfAbsent("lost|" + reason, k -> Counter.builder("foundation.workflow.ownership.lost")
                .description("instances this node stopped running because it no longer held (or could not renew) their lease")
                .tag("reason", reason)
                .register(registry)).increment();
    }

    /** Cluster mode: a checkpoint of this node was rejected because its epoch was stale. */
    void fencedWrite() {
        if (registry == null) {
            return;
        }
        counters.computeIfAbsent("fenced", k -> Counter.builder("foundation.workflow.writes.fenced")
                .description("checkpoints the store rejected because this node's epoch for the instance was stale"
                        + " (another node had claimed it)")
                .register(registry)).increment();
    }

    /** Cluster mode: instances claimed from the store. */
    void claimed(int n) {
        if (registry == null || n == 0) {
            return;
        }
        counters.computeIfAbsent("claimed", k -> Counter.builder("foundation.workflow.ownership.claimed")
                .description("instances this node claimed (new, released, or left behind by another node)")
                .register(registry)).increment(n);
    }

    void attempt(String workflow, String step, AttemptKind kind, String outcome, Duration duration) {
        if (registry == null) {
            return;
        }
        String key = workflow + "|" + step + "|" + kind + "|" + outcome;
        String kindTag = kind.name().toLowerCase(Locale.ROOT);
        counters.computeIfAbsent("attempt|" + key, k -> Counter.builder("foundation.workflow.step.attempts")
                .description("step and compensation attempts by outcome")
                .tag("workflow", workflow).tag("step", step).tag("kind", kindTag).tag("outcome", outcome)
                .register(registry)).increment();
        timers.computeIfAbsent(key, k -> Timer.builder("foundation.workflow.step.duration")
                .description("how long step and compensation attempts ran")
                .tag("workflow", workflow).tag("step", step).tag("kind", kindTag).tag("outcome", outcome)
                .register(registry)).record(duration);
    }
}
