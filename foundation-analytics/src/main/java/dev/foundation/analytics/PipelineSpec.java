package dev.foundation.analytics;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything a pipeline is made of, validated; made by {@link PipelineBuilder} and given to {@link Analytics#add}.
 *
 * @param name       the pipeline's name: letters, digits, {@code . _ -}, 1 to 64 characters
 * @param selector   the meters it reads
 * @param window     its window
 * @param aggregates what it computes, at least one
 * @param alpha      the EWMA weight of the newest window in (0, 1], or NaN for no smoothing
 * @param outputName the name of the gauges it publishes its results as, or {@code null} for none
 * @param retain     how much history to keep for {@link Pipeline#query}, at least the window
 * @param listeners  told of every result
 * @param detectors  anomaly detectors on its aggregates
 * @param alerts     alert rules on its aggregates
 */
public record PipelineSpec(String name, MeterSelector selector, Window window, Set<Aggregate> aggregates, double alpha,
                           String outputName, Duration retain, List<Consumer<PipelineResult>> listeners,
                           List<DetectorBinding> detectors, List<AlertBinding> alerts) {

    /**
     * A detector on one aggregate, with who to tell.
     *
     * @param aggregate the aggregate it watches
     * @param spec      the detector
     * @param listener  told of each anomaly
     */
    public record DetectorBinding(Aggregate aggregate, Detector.Spec spec, Consumer<Anomaly> listener) {

        /**
         * Creates a binding.
         *
         * @param aggregate the aggregate
         * @param spec      the detector
         * @param listener  the listener
         */
        public DetectorBinding {
            Objects.requireNonNull(aggregate, "aggregate");
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(listener, "listener");
        }
    }

    /**
     * An alert rule, with who to tell.
     *
     * @param rule     the rule
     * @param listener told of each event
     */
    public record AlertBinding(AlertRule rule, Consumer<AlertEvent> listener) {

        /**
         * Creates a binding.
         *
         * @param rule     the rule
         * @param listener the listener
         */
        public AlertBinding {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(listener, "listener");
        }
    }

    /**
     * Checks a pipeline name.
     *
     * @param name the name
     * @return the name
     * @throws IllegalArgumentException unless it is 1 to 64 letters, digits, {@code . _ -}
     */
    static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("pipeline name must be 1 to 64 letters, digits, '.', '_' or '-' but was '"
                    + (name.length() > 80 ? name.substring(0, 80) + "..." : name) + "'");
        }
        return name;
    }

    /**
     * Creates and checks a spec.
     *
     * @param name       the name
     * @param selector   the selector
     * @param window     the window
     * @param aggregates the aggregates
     * @param alpha      the smoothing weight or NaN
     * @param outputName the output gauges' name or null
     * @param retain     the history kept
     * @param listeners  result listeners
     * @param detectors  detectors
     * @param alerts     alert rules
     */
    public PipelineSpec {
        checkName(name);
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(aggregates, "aggregates");
        if (aggregates.isEmpty()) {
            throw new IllegalArgumentException("pipeline '" + name + "' must compute at least one aggregate");
        }
        aggregates = Collections.unmodifiableSet(EnumSet.copyOf(aggregates));
        if (!Double.isNaN(alpha) && !(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("smoothing alpha must be in (0, 1] but was " + alpha);
        }
        if (outputName != null && !outputName.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new IllegalArgumentException("output meter name must be 1 to 128 letters, digits, '.', '_' or '-' but was '"
                    + outputName + "'");
        }
        Objects.requireNonNull(retain, "retain");
        if (retain.compareTo(window.size()) < 0) {
            retain = window.size();
        }
        listeners = List.copyOf(listeners);
        detectors = List.copyOf(detectors);
        alerts = List.copyOf(alerts);
        for (DetectorBinding d : detectors) {
            if (!aggregates.contains(d.aggregate())) {
                throw new IllegalArgumentException("pipeline '" + name + "': detector " + d.spec().name() + " watches "
                        + d.aggregate() + " but the pipeline computes only " + aggregates);
            }
        }
        for (AlertBinding a : alerts) {
            if (!aggregates.contains(a.rule().aggregate())) {
                throw new IllegalArgumentException("pipeline '" + name + "': alert rule '" + a.rule().name() + "' watches "
                        + a.rule().aggregate() + " but the pipeline computes only " + aggregates);
            }
        }
    }
}
