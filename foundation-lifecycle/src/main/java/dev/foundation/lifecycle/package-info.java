/**
 * Managed components with dependencies, health, supervision, HTTP probes and graceful shutdown.
 *
 * <p>The entry point is {@link dev.foundation.lifecycle.Lifecycle#builder()}. An application declares its
 * components ({@link dev.foundation.lifecycle.Component}s, or any {@link java.lang.AutoCloseable}, or a
 * start/stop pair), their dependencies and {@link dev.foundation.lifecycle.ComponentOptions options}, its
 * shutdown hooks, and optionally {@link dev.foundation.lifecycle.ProbeServer probes},
 * {@link dev.foundation.lifecycle.Supervision supervision} settings and a Micrometer registry. Then:
 * <ul>
 *   <li>{@link dev.foundation.lifecycle.Lifecycle#start()} starts components in dependency order,
 *       independent ones in parallel on a bounded number of workers; if one fails or times out, the
 *       started ones are stopped in reverse and a single
 *       {@link dev.foundation.lifecycle.LifecycleStartException} names every failure;</li>
 *   <li>each component moves through the {@link dev.foundation.lifecycle.Stage}s, reported to
 *       {@link dev.foundation.lifecycle.TransitionListener}s;</li>
 *   <li>health checks run on a schedule off the caller's thread, with timeouts and anti-flapping
 *       thresholds; {@link dev.foundation.lifecycle.Lifecycle#health()} aggregates the cached results into
 *       a {@link dev.foundation.lifecycle.HealthReport};</li>
 *   <li>a component that crashes (through its {@link dev.foundation.lifecycle.ComponentContext}, or by
 *       staying unhealthy) is restarted per its {@link dev.foundation.lifecycle.RestartPolicy} and the
 *       {@link dev.foundation.lifecycle.Supervision} strategy (by default with everything that depends on
 *       it), with restart intensity and backoff;</li>
 *   <li>{@link dev.foundation.lifecycle.Lifecycle#close()} shuts down gracefully within a budget:
 *       readiness down, drain, hooks by priority, components in reverse; by default a JVM shutdown hook
 *       calls it on SIGTERM.</li>
 * </ul>
 *
 * <p>No other Foundation module depends on this one: it adapts whatever an application has.
 */
package dev.foundation.lifecycle;
