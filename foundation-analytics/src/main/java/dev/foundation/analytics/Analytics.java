package dev.foundation.analytics;

import dev.foundation.analytics.internal.DefaultAnalytics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The analytics engine: reads Micrometer meters at every tick and runs pipelines, detectors, alert rules, budgets
 * and scaling policies over them.
 *
 * <p>Ticks come from {@link #start()} (a daemon thread, one tick per {@link #resolution()}) or from calls to
 * {@link #tick()} (tests, or an application that drives time itself). A tick reads each selected meter once, turns it
 * into one interval per series, computes every pipeline's windows, then runs detectors, alert rules, budgets and
 * scaling policies, in that order, on the ticking thread.
 *
 * <p>The application's code a tick calls (result, anomaly and alert listeners, budget hooks and listeners, scaling
 * metrics and targets) runs on the ticking thread after the engine has released its lock, in the order the tick
 * produced it: it may call this engine ({@link #firingAlerts()}, {@link Pipeline#query}, ...) or wait for a thread that
 * does. Ticks run one at a time; closing a budget's or policy's {@link Registration} waits for a tick in progress, so
 * nothing of it is called afterwards. Its meters:
 * {@code foundation.analytics.ticks}, {@code foundation.analytics.tick.duration},
 * {@code foundation.analytics.series}, {@code foundation.analytics.anomalies} (tags {@code pipeline},
 * {@code detector}), {@code foundation.analytics.alerts.firing} (tag {@code rule}), {@code foundation.analytics.budget.shedding}
 * (tag {@code budget}), {@code foundation.analytics.scaling.size} (tag {@code policy}).
 *
 * <pre>{@code
 * try (Analytics analytics = Analytics.builder(registry).resolution(Duration.ofSeconds(5)).build()) {
 *     Pipeline p = analytics.pipeline("latency").select(MeterSelector.name("http.server.requests"))
 *             .window(Window.sliding(Duration.ofMinutes(1))).aggregates(Aggregate.AVG, Aggregate.MAX).start();
 *     analytics.start();
 * }
 * }</pre>
 */
public interface Analytics extends AutoCloseable {

    /** The default tick interval. */
    Duration DEFAULT_RESOLUTION = Duration.ofSeconds(5);

    /**
     * Starts building an engine over a registry: it reads that registry's meters and publishes its own there.
     *
     * @param registry the registry
     * @return a builder
     */
    static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    /**
     * Starts a pipeline.
     *
     * @param name the pipeline's name: letters, digits, {@code . _ -}, 1 to 64 characters, unique in this engine
     * @return a builder; {@link PipelineBuilder#start()} adds it
     */
    default PipelineBuilder pipeline(String name) {
        return new PipelineBuilder(name, this);
    }

    /**
     * Adds a pipeline.
     *
     * @param spec the pipeline
     * @return the running pipeline
     * @throws IllegalArgumentException if the name is taken, or its window or retention is not a whole number of ticks
     * @throws IllegalStateException    if the engine is closed
     */
    Pipeline add(PipelineSpec spec);

    /**
     * Adds a budget, checked at every tick after the pipelines.
     *
     * @param budget the budget (its pipeline must belong to this engine)
     * @return removes it
     */
    Registration add(Budget budget);

    /**
     * Adds a scaling policy; its target is told the initial size at once.
     *
     * @param policy the policy
     * @return removes it
     */
    Registration add(ScalingPolicy policy);

    /**
     * Runs one tick now: at most one per resolution interval of the clock (a second call in the same interval does
     * nothing and returns {@code false}).
     *
     * @return {@code true} if a tick ran
     */
    boolean tick();

    /**
     * Starts ticking on a daemon thread every {@link #resolution()}. Allowed once.
     *
     * @throws IllegalStateException if already started or closed
     */
    void start();

    /** @return the tick interval */
    Duration resolution();

    /** @return the pipelines, by name */
    Map<String, Pipeline> pipelines();

    /** @return every alert firing now, oldest first */
    List<AlertEvent> firingAlerts();

    /** @return the budgets shedding now, by name */
    List<String> sheddingBudgets();

    /**
     * The size a scaling policy has set.
     *
     * @param policy the policy's name
     * @return its current size, or -1 if there is no such policy
     */
    int currentSize(String policy);

    /** Stops ticking, removes every pipeline, budget, policy and meter of this engine. Idempotent. */
    @Override
    void close();

    /** Builds an {@link Analytics}. */
    final class Builder {
        private final MeterRegistry registry;
        private Clock clock = Clock.systemUTC();
        private Duration resolution = DEFAULT_RESOLUTION;

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * The clock ticks are read from (default {@code Clock.systemUTC()}); a fixed or fake clock makes tests exact.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The tick interval (default {@link #DEFAULT_RESOLUTION}): every window is a whole number of ticks.
         *
         * @param resolution between 10 ms and 1 hour
         * @return this builder
         */
        public Builder resolution(Duration resolution) {
            Objects.requireNonNull(resolution, "resolution");
            if (resolution.toMillis() < 10 || resolution.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("resolution must be between 10 ms and 1 hour but was " + resolution);
            }
            this.resolution = resolution;
            return this;
        }

        /**
         * Builds the engine (not ticking until {@link Analytics#start()} or {@link Analytics#tick()}).
         *
         * @return the engine
         */
        public Analytics build() {
            return new DefaultAnalytics(registry, clock, resolution);
        }
    }
}
