package dev.foundation.lifecycle.internal;

import dev.foundation.lifecycle.HealthStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The lifecycle's meters (all optional: without a registry every method does nothing).
 * <ul>
 *   <li>{@code foundation.lifecycle.component.stage} gauge, tag {@code component}: the {@code Stage} ordinal
 *       (0 NEW, 1 STARTING, 2 RUNNING, 3 DEGRADED, 4 STOPPING, 5 STOPPED, 6 FAILED);</li>
 *   <li>{@code foundation.lifecycle.component.health} gauge, tag {@code component}: 0 HEALTHY, 1 DEGRADED,
 *       2 UNHEALTHY;</li>
 *   <li>{@code foundation.lifecycle.health} gauge: the aggregate, same codes;</li>
 *   <li>{@code foundation.lifecycle.component.restarts} counter, tag {@code component};</li>
 *   <li>{@code foundation.lifecycle.component.start} and {@code .stop} timers, tags {@code component} and
 *       {@code outcome} (success, failure, timeout, and for starts abandoned by a close during start, aborted);</li>
 *   <li>{@code foundation.lifecycle.shutdown} timer: whole graceful shutdowns.</li>
 * </ul>
 */
final class LifecycleMetrics {

    static final String STAGE = "foundation.lifecycle.component.stage";
    static final String COMPONENT_HEALTH = "foundation.lifecycle.component.health";
    static final String HEALTH = "foundation.lifecycle.health";
    static final String RESTARTS = "foundation.lifecycle.component.restarts";
    static final String START = "foundation.lifecycle.component.start";
    static final String STOP = "foundation.lifecycle.component.stop";
    static final String SHUTDOWN = "foundation.lifecycle.shutdown";

    private final MeterRegistry registry;

    LifecycleMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void register(ComponentRuntime c, Supplier<HealthStatus> status) {
        if (registry == null) {
            return;
        }
        Gauge.builder(STAGE, c, r -> r.stage.ordinal()).tag("component", c.name).strongReference(true)
                .description("Stage of the component: 0 NEW .. 6 FAILED").register(registry);
        Gauge.builder(COMPONENT_HEALTH, status, s -> s.get().ordinal()).tag("component", c.name).strongReference(true)
                .description("Health of the component: 0 HEALTHY, 1 DEGRADED, 2 UNHEALTHY").register(registry);
        Counter.builder(RESTARTS).tag("component", c.name).description("Supervised restarts").register(registry);
    }

    void registerAggregate(Supplier<HealthStatus> status) {
        if (registry == null) {
            return;
        }
        Gauge.builder(HEALTH, status, s -> s.get().ordinal()).strongReference(true)
                .description("Aggregate health: 0 HEALTHY, 1 DEGRADED, 2 UNHEALTHY").register(registry);
    }

    void restarted(ComponentRuntime c) {
        if (registry != null) {
            registry.counter(RESTARTS, "component", c.name).increment();
        }
    }

    void started(ComponentRuntime c, Duration took, String outcome) {
        record(START, c, took, outcome);
    }

    void stopped(ComponentRuntime c, Duration took, String outcome) {
        record(STOP, c, took, outcome);
    }

    void shutdown(Duration took) {
        if (registry != null) {
            Timer.builder(SHUTDOWN).description("Graceful shutdowns").register(registry).record(took);
        }
    }

    private void record(String name, ComponentRuntime c, Duration took, String outcome) {
        if (registry != null) {
            Timer.builder(name).tag("component", c.name).tag("outcome", outcome).register(registry).record(took);
        }
    }
}
