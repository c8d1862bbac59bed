package dev.foundation.analytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds a pipeline; from {@link Analytics#pipeline(String)}.
 *
 * <pre>{@code
 * Pipeline latency = analytics.pipeline("checkout-latency")
 *         .select(MeterSelector.name("checkout.duration"))
 *         .window(Window.sliding(Duration.ofMinutes(5)))
 *         .aggregates(Aggregate.AVG, Aggregate.P95, Aggregate.RATE)
 *         .smoothing(0.3)
 *         .publishAs("checkout.latency")
 *         .detect(Aggregate.AVG, Detectors.ewmaZScore(0.1, 4, 20), anomaly -> log.warn("{}", anomaly))
 *         .alert(AlertRule.builder("checkout-slow").aggregate(Aggregate.P95).above(0.5)
 *                 .forAtLeast(Duration.ofMinutes(1)).build(), event -> log.warn("{}", event))
 *         .start();
 * }</pre>
 */
public final class PipelineBuilder {

    private final String name;
    private final Analytics analytics;
    private MeterSelector selector;
    private Window window;
    private Set<Aggregate> aggregates = EnumSet.noneOf(Aggregate.class);
    private double alpha = Double.NaN;
    private String outputName;
    private Duration retain = Duration.ZERO;
    private final List<Consumer<PipelineResult>> listeners = new ArrayList<>();
    private final List<PipelineSpec.DetectorBinding> detectors = new ArrayList<>();
    private final List<PipelineSpec.AlertBinding> alerts = new ArrayList<>();

    PipelineBuilder(String name, Analytics analytics) {
        this.name = PipelineSpec.checkName(name);
        this.analytics = Objects.requireNonNull(analytics, "analytics");
    }

    /**
     * Which meters to read.
     *
     * @param selector the selector
     * @return this builder
     */
    public PipelineBuilder select(MeterSelector selector) {
        this.selector = Objects.requireNonNull(selector, "selector");
        return this;
    }

    /**
     * The window (a whole number of analytics ticks).
     *
     * @param window the window
     * @return this builder
     */
    public PipelineBuilder window(Window window) {
        this.window = Objects.requireNonNull(window, "window");
        return this;
    }

    /**
     * What to compute.
     *
     * @param aggregates one or more aggregates
     * @return this builder
     */
    public PipelineBuilder aggregates(Aggregate... aggregates) {
        Objects.requireNonNull(aggregates, "aggregates");
        this.aggregates = aggregates.length == 0 ? EnumSet.noneOf(Aggregate.class) : EnumSet.copyOf(Arrays.asList(aggregates));
        return this;
    }

    /**
     * Exponential smoothing of each aggregate across windows: {@code s = alpha * x + (1 - alpha) * s}.
     *
     * @param alpha the weight of the newest window, in (0, 1]
     * @return this builder
     */
    public PipelineBuilder smoothing(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("smoothing alpha must be in (0, 1] but was " + alpha);
        }
        this.alpha = alpha;
        return this;
    }

    /**
     * Publishes the results as gauges named {@code name}, tagged with the source meter's tags plus
     * {@code source} (its name) and {@code aggregate} ({@code avg}, {@code p95}, ...); smoothed when smoothing is on.
     *
     * @param name the gauges' name
     * @return this builder
     */
    public PipelineBuilder publishAs(String name) {
        this.outputName = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * Keeps more history than the window, for {@link Pipeline#query}.
     *
     * @param span how much history, at most 7 days
     * @return this builder
     */
    public PipelineBuilder retain(Duration span) {
        Objects.requireNonNull(span, "span");
        if (span.isNegative() || span.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("retain must be in [0, 7 days] but was " + span);
        }
        this.retain = span;
        return this;
    }

    /**
     * Tells a listener of every result (e.g. an event stream's {@code publish}).
     *
     * @param listener the listener, called on the analytics thread
     * @return this builder
     */
    public PipelineBuilder onResult(Consumer<PipelineResult> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Watches one aggregate of every series with a detector (one per series).
     *
     * @param aggregate the aggregate
     * @param detector  the detector
     * @param listener  told of each anomaly
     * @return this builder
     */
    public PipelineBuilder detect(Aggregate aggregate, Detector.Spec detector, Consumer<Anomaly> listener) {
        detectors.add(new PipelineSpec.DetectorBinding(aggregate, detector, listener));
        return this;
    }

    /**
     * Adds an alert rule.
     *
     * @param rule     the rule
     * @param listener told of each firing and resolution
     * @return this builder
     */
    public PipelineBuilder alert(AlertRule rule, Consumer<AlertEvent> listener) {
        alerts.add(new PipelineSpec.AlertBinding(rule, listener));
        return this;
    }

    /**
     * The spec as configured so far.
     *
     * @return the checked spec
     * @throws IllegalStateException if no selector or window was given
     */
    public PipelineSpec spec() {
        if (selector == null || window == null) {
            throw new IllegalStateException("pipeline '" + name + "' needs select(...) and window(...)");
        }
        return new PipelineSpec(name, selector, window, aggregates, alpha, outputName, retain, listeners, detectors, alerts);
    }

    /**
     * Adds the pipeline to its analytics; it reads its meters from the next tick on.
     *
     * @return the pipeline
     */
    public Pipeline start() {
        return analytics.add(spec());
    }
}
