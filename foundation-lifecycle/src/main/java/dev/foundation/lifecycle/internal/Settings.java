package dev.foundation.lifecycle.internal;

import dev.foundation.lifecycle.ProbeServer;
import dev.foundation.lifecycle.Scheduler;
import dev.foundation.lifecycle.Supervision;
import dev.foundation.lifecycle.TransitionListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;

/**
 * Everything the builder collected.
 *
 * @param components       the components, in the order added
 * @param hooks            the shutdown hooks, in the order added
 * @param listeners        transition listeners
 * @param probes           the probe server address, or {@code null}
 * @param shutdownBudget   total time close may take
 * @param drainDelay       wait after readiness goes down
 * @param parallelism      concurrent starts/stops
 * @param supervision      supervision settings
 * @param meterRegistry    the registry, or {@code null}
 * @param scheduler        an injected scheduler, or {@code null} for the lifecycle's own
 * @param jvmShutdownHook  whether to install a JVM shutdown hook
 * @param sigtermExitsZero whether SIGTERM closes and exits with status 0
 */
public record Settings(List<ComponentDefinition> components, List<HookDefinition> hooks,
                       List<TransitionListener> listeners, ProbeServer probes, Duration shutdownBudget,
                       Duration drainDelay, int parallelism, Supervision supervision, MeterRegistry meterRegistry,
                       Scheduler scheduler, boolean jvmShutdownHook, boolean sigtermExitsZero) {
}
