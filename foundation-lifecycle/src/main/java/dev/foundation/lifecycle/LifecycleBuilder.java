package dev.foundation.lifecycle;

import dev.foundation.lifecycle.internal.ComponentDefinition;
import dev.foundation.lifecycle.internal.DefaultLifecycle;
import dev.foundation.lifecycle.internal.HookDefinition;
import dev.foundation.lifecycle.internal.Settings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds a {@link Lifecycle}. Each setter validates its argument at once; {@link #build()} validates the
 * component graph (missing dependencies, cycles). A builder builds one lifecycle; using it afterwards is an
 * {@link IllegalStateException}.
 */
public final class LifecycleBuilder {

    /** Default shutdown budget: 25 s, below Kubernetes' default 30 s termination grace period. */
    public static final Duration DEFAULT_SHUTDOWN_BUDGET = Duration.ofSeconds(25);
    /** Default number of component starts or stops that may run at once: 8. */
    public static final int DEFAULT_PARALLELISM = 8;

    private final Map<String, ComponentDefinition> components = new LinkedHashMap<>();
    private final List<HookDefinition> hooks = new ArrayList<>();
    private final List<TransitionListener> listeners = new ArrayList<>();
    private ProbeServer probes;
    private Duration shutdownBudget = DEFAULT_SHUTDOWN_BUDGET;
    private Duration drainDelay = Duration.ZERO;
    private int parallelism = DEFAULT_PARALLELISM;
    private Supervision supervision = Supervision.defaults();
    private MeterRegistry meterRegistry;
    private Scheduler scheduler;
    private boolean jvmShutdownHook = true;
    private boolean sigtermExitsZero;
    private boolean built;

    LifecycleBuilder() {
    }

    /**
     * Adds a component.
     *
     * @param name      a unique name
     * @param component the component
     * @return this builder
     */
    public LifecycleBuilder component(String name, Component component) {
        return component(name, component, c -> { });
    }

    /**
     * Adds a component with options (dependencies, timeouts, criticality, restart policy, health checks).
     *
     * @param name       a unique name
     * @param component  the component
     * @param configurer sets the options
     * @return this builder
     */
    public LifecycleBuilder component(String name, Component component, Consumer<ComponentOptions> configurer) {
        Objects.requireNonNull(component, "component");
        return add(name, component, overridesHealth(component), RestartPolicy.PERMANENT, configurer);
    }

    /**
     * Adds a resource that is already open and only needs closing at shutdown, such as a connection pool.
     * It is never restarted unless its options say otherwise (a closed resource cannot be reopened).
     *
     * @param name     a unique name
     * @param resource the resource, closed when the component stops
     * @return this builder
     */
    public LifecycleBuilder component(String name, AutoCloseable resource) {
        return component(name, resource, c -> { });
    }

    /**
     * Adds a resource that is already open and only needs closing at shutdown, with options.
     *
     * @param name       a unique name
     * @param resource   the resource, closed when the component stops
     * @param configurer sets the options
     * @return this builder
     */
    public LifecycleBuilder component(String name, AutoCloseable resource, Consumer<ComponentOptions> configurer) {
        Objects.requireNonNull(resource, "resource");
        Component adapter = new Component() {
            @Override
            public void start(ComponentContext context) {
                // already open
            }

            @Override
            public void stop() throws Exception {
                resource.close();
            }

            @Override
            public String toString() {
                return resource.toString();
            }
        };
        return add(name, adapter, false, RestartPolicy.TEMPORARY, configurer);
    }

    /**
     * Adds a component made of a start action, a stop action and a health check.
     *
     * @param name   a unique name
     * @param start  starts it
     * @param stop   stops it
     * @param health checks it
     * @return this builder
     */
    public LifecycleBuilder component(String name, Action start, Action stop, HealthCheck health) {
        return component(name, start, stop, health, c -> { });
    }

    /**
     * Adds a component made of a start action, a stop action and a health check, with options.
     *
     * @param name       a unique name
     * @param start      starts it
     * @param stop       stops it
     * @param health     checks it
     * @param configurer sets the options
     * @return this builder
     */
    public LifecycleBuilder component(String name, Action start, Action stop, HealthCheck health,
                                      Consumer<ComponentOptions> configurer) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(health, "health");
        Component adapter = new Component() {
            @Override
            public void start(ComponentContext context) throws Exception {
                start.run();
            }

            @Override
            public void stop() throws Exception {
                stop.run();
            }

            @Override
            public Health health() throws Exception {
                return health.check();
            }
        };
        return add(name, adapter, true, RestartPolicy.PERMANENT, configurer);
    }

    /** A component keeping the default {@link Component#health()} is always healthy: no need to schedule checks. */
    private static boolean overridesHealth(Component component) {
        try {
            return component.getClass().getMethod("health").getDeclaringClass() != Component.class;
        } catch (NoSuchMethodException | SecurityException e) {
            return true;
        }
    }

    private LifecycleBuilder add(String name, Component component, boolean checksHealth, RestartPolicy defaultRestart,
                                 Consumer<ComponentOptions> configurer) {
        checkNotBuilt();
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(configurer, "configurer");
        if (name.isBlank()) {
            throw new IllegalArgumentException("component name must not be blank but was '" + name + "'");
        }
        if (components.containsKey(name)) {
            throw new IllegalArgumentException("component name must be unique but '" + name + "' was already added");
        }
        ComponentOptions options = new ComponentOptions(defaultRestart);
        configurer.accept(options);
        if (options.dependencies.contains(name)) {
            throw new LifecycleGraphException("component '" + name + "' depends on itself: cycle " + name + " -> " + name,
                    List.of(name, name));
        }
        components.put(name, new ComponentDefinition(name, component, List.copyOf(options.dependencies),
                options.startTimeout, options.stopTimeout, options.critical, options.restart, checksHealth,
                options.healthInterval, options.healthTimeout, options.unhealthyThreshold, options.healthyThreshold,
                options.healthTimeoutFails));
        return this;
    }

    /**
     * Adds a shutdown hook, run during {@link Lifecycle#close()} after readiness went down and the drain
     * delay passed, before components stop. Hooks run one at a time, higher priority first (equal
     * priorities in the order added), each within its own timeout.
     *
     * @param name     a name for logs
     * @param priority higher runs first
     * @param timeout  how long it may run, positive
     * @param action   what it does
     * @return this builder
     */
    public LifecycleBuilder shutdownHook(String name, int priority, Duration timeout, Action action) {
        checkNotBuilt();
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        hooks.add(new HookDefinition(name, priority, ComponentOptions.positive(timeout, "timeout"), action, hooks.size()));
        return this;
    }

    /**
     * Adds a listener told about every stage transition.
     *
     * @param listener the listener
     * @return this builder
     */
    public LifecycleBuilder listener(TransitionListener listener) {
        checkNotBuilt();
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Serves HTTP probes on the given address; see {@link ProbeServer}.
     *
     * @param probes where to listen
     * @return this builder
     */
    public LifecycleBuilder probes(ProbeServer probes) {
        checkNotBuilt();
        this.probes = Objects.requireNonNull(probes, "probes");
        return this;
    }

    /**
     * Sets the total time {@link Lifecycle#close()} may take (default {@link #DEFAULT_SHUTDOWN_BUDGET}).
     * Drain, hooks and component stops all fit in it.
     *
     * @param budget a positive duration
     * @return this builder
     */
    public LifecycleBuilder shutdownBudget(Duration budget) {
        checkNotBuilt();
        this.shutdownBudget = ComponentOptions.positive(budget, "shutdownBudget");
        return this;
    }

    /**
     * Sets how long to wait after readiness goes down before running hooks and stopping components, so
     * load balancers stop sending traffic (default zero).
     *
     * @param delay zero or positive
     * @return this builder
     */
    public LifecycleBuilder drainDelay(Duration delay) {
        checkNotBuilt();
        Objects.requireNonNull(delay, "drainDelay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("drainDelay must be >= 0 but was " + delay);
        }
        this.drainDelay = delay;
        return this;
    }

    /**
     * Sets how many component starts or stops may run at once (default {@link #DEFAULT_PARALLELISM}).
     *
     * @param parallelism at least 1
     * @return this builder
     */
    public LifecycleBuilder parallelism(int parallelism) {
        checkNotBuilt();
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1 but was " + parallelism);
        }
        this.parallelism = parallelism;
        return this;
    }

    /**
     * Sets the supervision strategy, restart intensity and backoff (default {@link Supervision#defaults()}).
     *
     * @param supervision the settings
     * @return this builder
     */
    public LifecycleBuilder supervision(Supervision supervision) {
        checkNotBuilt();
        this.supervision = Objects.requireNonNull(supervision, "supervision");
        return this;
    }

    /**
     * Publishes metrics to this registry (default: none). Meters are named {@code foundation.lifecycle.*}.
     *
     * @param registry the registry
     * @return this builder
     */
    public LifecycleBuilder meterRegistry(MeterRegistry registry) {
        checkNotBuilt();
        this.meterRegistry = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /**
     * Uses this scheduler for health checks and restart backoff instead of the lifecycle's own (which it
     * would shut down on close; this one is not shut down). Tests inject a manual one.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public LifecycleBuilder scheduler(Scheduler scheduler) {
        checkNotBuilt();
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return this;
    }

    /**
     * Installs the JVM shutdown hook, which is the default; see {@link #registerShutdownHook(boolean)}.
     *
     * @return this builder
     */
    public LifecycleBuilder installShutdownHook() {
        return registerShutdownHook(true);
    }

    /**
     * Whether the lifecycle registers a JVM shutdown hook, when it starts, that calls
     * {@link Lifecycle#close()}: any JVM exit (SIGTERM, SIGINT, System.exit) then shuts down gracefully, hooks
     * and reverse-order stops included, as Spring Boot does. Default {@code true}; a normal {@code close()}
     * removes the hook. Turn it off when something else (a container, a test harness) closes the lifecycle.
     * On SIGTERM the JVM's exit status is 143; see {@link #exitZeroOnSigterm()}.
     *
     * @param register {@code false} to opt out
     * @return this builder
     */
    public LifecycleBuilder registerShutdownHook(boolean register) {
        checkNotBuilt();
        this.jvmShutdownHook = register;
        if (!register) {
            this.sigtermExitsZero = false;
        }
        return this;
    }

    /**
     * Registers the JVM shutdown hook (see {@link #registerShutdownHook(boolean)}) and also replaces the JVM's SIGTERM handler while the lifecycle
     * runs: SIGTERM then closes the lifecycle gracefully and exits with status 0, which orchestrators read
     * as a clean stop. Uses the JDK's {@code sun.misc.Signal} (module {@code jdk.unsupported}); where that is
     * unavailable (e.g. with {@code -Xrs}), a warning is logged and only the shutdown hook remains.
     *
     * @return this builder
     */
    public LifecycleBuilder exitZeroOnSigterm() {
        checkNotBuilt();
        this.jvmShutdownHook = true;
        this.sigtermExitsZero = true;
        return this;
    }

    /**
     * Validates the component graph and builds the lifecycle (not started).
     *
     * @return the lifecycle
     * @throws LifecycleGraphException if a dependency names no component or dependencies form a cycle
     */
    public Lifecycle build() {
        checkNotBuilt();
        Settings settings = new Settings(List.copyOf(components.values()), List.copyOf(hooks), List.copyOf(listeners),
                probes, shutdownBudget, drainDelay, parallelism, supervision, meterRegistry, scheduler,
                jvmShutdownHook, sigtermExitsZero);
        Lifecycle lifecycle = new DefaultLifecycle(settings);
        built = true;
        return lifecycle;
    }

    private void checkNotBuilt() {
        if (built) {
            throw new IllegalStateException("this builder already built a Lifecycle; create a new builder with Lifecycle.builder()");
        }
    }
}
