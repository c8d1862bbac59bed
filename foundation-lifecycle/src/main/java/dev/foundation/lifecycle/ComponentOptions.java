package dev.foundation.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The settings of one component, given to the configurer of
 * {@link LifecycleBuilder#component(String, Component, java.util.function.Consumer)}:
 * <pre>{@code
 * .component("cache", cache, c -> c.dependsOn("db").stopTimeout(Duration.ofSeconds(5)))
 * }</pre>
 * Every setter validates its argument at once.
 */
public final class ComponentOptions {

    /** Default start timeout: 30 s. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);
    /** Default stop timeout: 10 s. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
    /** Default interval between health checks: 10 s. */
    public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(10);
    /** Default health check timeout: 2 s. */
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(2);
    /** Default number of consecutive failed checks before a component is reported unhealthy: 3. */
    public static final int DEFAULT_UNHEALTHY_THRESHOLD = 3;
    /** Default number of consecutive good checks before an unhealthy component is reported healthy again: 2. */
    public static final int DEFAULT_HEALTHY_THRESHOLD = 2;

    final Set<String> dependencies = new LinkedHashSet<>();
    Duration startTimeout = DEFAULT_START_TIMEOUT;
    Duration stopTimeout = DEFAULT_STOP_TIMEOUT;
    boolean critical = true;
    RestartPolicy restart;
    Duration healthInterval = DEFAULT_HEALTH_INTERVAL;
    Duration healthTimeout = DEFAULT_HEALTH_TIMEOUT;
    int unhealthyThreshold = DEFAULT_UNHEALTHY_THRESHOLD;
    int healthyThreshold = DEFAULT_HEALTHY_THRESHOLD;
    boolean healthTimeoutFails;

    ComponentOptions(RestartPolicy defaultRestart) {
        this.restart = defaultRestart;
    }

    /**
     * Declares components this one needs: they start before it and stop after it.
     *
     * @param names the names of other components (they may be declared later in the builder)
     * @return these options
     */
    public ComponentOptions dependsOn(String... names) {
        Objects.requireNonNull(names, "names");
        List<String> checked = new ArrayList<>(names.length);
        for (String name : names) {
            Objects.requireNonNull(name, "dependency name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("dependency name must not be blank but was '" + name + "'");
            }
            checked.add(name);
        }
        dependencies.addAll(checked);
        return this;
    }

    /**
     * Sets how long {@link Component#start(ComponentContext)} may take.
     *
     * @param timeout a positive duration
     * @return these options
     */
    public ComponentOptions startTimeout(Duration timeout) {
        this.startTimeout = positive(timeout, "startTimeout");
        return this;
    }

    /**
     * Sets how long {@link Component#stop()} may take.
     *
     * @param timeout a positive duration
     * @return these options
     */
    public ComponentOptions stopTimeout(Duration timeout) {
        this.stopTimeout = positive(timeout, "stopTimeout");
        return this;
    }

    /**
     * Sets whether the component is critical (the default). Critical components decide readiness and make
     * the aggregate health UNHEALTHY when they are unhealthy; a non-critical one only makes it DEGRADED.
     *
     * @param critical whether the component is critical
     * @return these options
     */
    public ComponentOptions critical(boolean critical) {
        this.critical = critical;
        return this;
    }

    /**
     * Sets the restart policy. The default is {@link RestartPolicy#PERMANENT} for {@link Component}s and
     * start/stop pairs, and {@link RestartPolicy#TEMPORARY} for a plain {@link AutoCloseable}, which cannot
     * be opened again once closed.
     *
     * @param policy the policy
     * @return these options
     */
    public ComponentOptions restart(RestartPolicy policy) {
        this.restart = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Sets how often the health check runs and how long one check may take. A check that takes longer
     * reports the component DEGRADED, unless {@link #healthTimeoutFails(boolean)} makes it a failure.
     *
     * @param interval the delay between the end of one check and the start of the next, positive
     * @param timeout  how long one check may take, positive
     * @return these options
     */
    public ComponentOptions healthCheck(Duration interval, Duration timeout) {
        this.healthInterval = positive(interval, "healthInterval");
        this.healthTimeout = positive(timeout, "healthTimeout");
        return this;
    }

    /**
     * Sets whether a health check that does not answer within its timeout is a failed check. By default it
     * is not: a slow check (an overloaded machine, a long GC pause) reports the component DEGRADED, which
     * never restarts it. With {@code true} a timeout counts as a failure like a thrown exception: after
     * {@code unhealthyAfter} of them in a row the component is UNHEALTHY and, unless its policy is
     * {@link RestartPolicy#TEMPORARY}, crashes and is restarted.
     *
     * @param fails whether a timed-out check counts as failed
     * @return these options
     */
    public ComponentOptions healthTimeoutFails(boolean fails) {
        this.healthTimeoutFails = fails;
        return this;
    }

    /**
     * Sets the anti-flapping thresholds.
     *
     * @param unhealthyAfter consecutive failed checks before the component is reported unhealthy, at least 1
     * @param healthyAfter   consecutive good checks before an unhealthy component is reported healthy
     *                       again, at least 1
     * @return these options
     */
    public ComponentOptions healthThresholds(int unhealthyAfter, int healthyAfter) {
        if (unhealthyAfter < 1) {
            throw new IllegalArgumentException("unhealthyAfter must be >= 1 but was " + unhealthyAfter);
        }
        if (healthyAfter < 1) {
            throw new IllegalArgumentException("healthyAfter must be >= 1 but was " + healthyAfter);
        }
        this.unhealthyThreshold = unhealthyAfter;
        this.healthyThreshold = healthyAfter;
        return this;
    }

    static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0 but was " + d);
        }
        return d;
    }
}
