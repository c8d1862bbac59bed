package dev.foundation.analytics;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoublePredicate;

/**
 * A condition over one aggregate of a pipeline that must hold for a while before it fires.
 *
 * <p>For each series, the rule is <em>pending</em> from the first window in which the condition holds, <em>fires</em>
 * once it has held for {@link #forAtLeast()} (one {@link AlertEvent.State#FIRING} event, however long it keeps
 * holding), and <em>resolves</em> at the first window in which it no longer holds (one
 * {@link AlertEvent.State#RESOLVED} event). A window with no data (NaN) does not hold the condition.
 *
 * <pre>{@code
 * AlertRule slow = AlertRule.builder("checkout-slow").aggregate(Aggregate.P95).above(0.5)
 *         .forAtLeast(Duration.ofMinutes(1)).build();
 * }</pre>
 */
public final class AlertRule {

    private final String name;
    private final Aggregate aggregate;
    private final String condition;
    private final DoublePredicate predicate;
    private final Duration forAtLeast;
    private final boolean smoothed;

    private AlertRule(Builder b) {
        this.name = b.name;
        this.aggregate = b.aggregate;
        this.condition = b.condition;
        this.predicate = b.predicate;
        this.forAtLeast = b.forAtLeast;
        this.smoothed = b.smoothed;
    }

    /**
     * Starts a rule.
     *
     * @param name the rule's name, not blank
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return the rule's name */
    public String name() {
        return name;
    }

    /** @return the aggregate it watches */
    public Aggregate aggregate() {
        return aggregate;
    }

    /** @return the condition, as text (e.g. {@code > 0.5}) */
    public String condition() {
        return condition;
    }

    /** @return how long the condition must hold before the rule fires */
    public Duration forAtLeast() {
        return forAtLeast;
    }

    /** @return whether the rule reads the smoothed value rather than the raw aggregate */
    public boolean smoothed() {
        return smoothed;
    }

    /**
     * Whether a value holds the condition.
     *
     * @param value the value
     * @return {@code true} if the condition holds (never for NaN)
     */
    public boolean holds(double value) {
        return !Double.isNaN(value) && predicate.test(value);
    }

    @Override
    public String toString() {
        return name + ": " + aggregate + " " + condition + " for " + forAtLeast;
    }

    /** Builds an {@link AlertRule}. */
    public static final class Builder {
        private final String name;
        private Aggregate aggregate;
        private String condition;
        private DoublePredicate predicate;
        private Duration forAtLeast = Duration.ZERO;
        private boolean smoothed;

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("alert rule name must not be blank but was '" + name + "'");
            }
            this.name = name;
        }

        /**
         * The aggregate to watch (the pipeline must compute it).
         *
         * @param aggregate the aggregate
         * @return this builder
         */
        public Builder aggregate(Aggregate aggregate) {
            this.aggregate = Objects.requireNonNull(aggregate, "aggregate");
            return this;
        }

        /**
         * Holds when the value is above a limit.
         *
         * @param limit the limit, a finite number
         * @return this builder
         */
        public Builder above(double limit) {
            checkFinite("limit", limit);
            return condition(String.format(Locale.ROOT, "> %s", limit), v -> v > limit);
        }

        /**
         * Holds when the value is below a limit.
         *
         * @param limit the limit, a finite number
         * @return this builder
         */
        public Builder below(double limit) {
            checkFinite("limit", limit);
            return condition(String.format(Locale.ROOT, "< %s", limit), v -> v < limit);
        }

        /**
         * Holds when a predicate accepts the value.
         *
         * @param description the condition as text, for events and logs
         * @param predicate   the condition
         * @return this builder
         */
        public Builder condition(String description, DoublePredicate predicate) {
            this.condition = Objects.requireNonNull(description, "description");
            this.predicate = Objects.requireNonNull(predicate, "predicate");
            return this;
        }

        /**
         * How long the condition must hold before the rule fires; zero fires at the first window that holds it.
         *
         * @param duration at least zero
         * @return this builder
         */
        public Builder forAtLeast(Duration duration) {
            Objects.requireNonNull(duration, "duration");
            if (duration.isNegative()) {
                throw new IllegalArgumentException("forAtLeast must be >= 0 but was " + duration);
            }
            this.forAtLeast = duration;
            return this;
        }

        /**
         * Whether to read the pipeline's smoothed value (default: the raw aggregate).
         *
         * @param smoothed {@code true} for the smoothed value
         * @return this builder
         */
        public Builder smoothed(boolean smoothed) {
            this.smoothed = smoothed;
            return this;
        }

        /**
         * Builds the rule.
         *
         * @return the rule
         * @throws IllegalStateException if the aggregate or the condition is missing
         */
        public AlertRule build() {
            if (aggregate == null) {
                throw new IllegalStateException("alert rule '" + name + "' needs an aggregate: call aggregate(...)");
            }
            if (predicate == null) {
                throw new IllegalStateException("alert rule '" + name + "' needs a condition: call above, below or condition");
            }
            return new AlertRule(this);
        }

        private static void checkFinite(String what, double value) {
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(what + " must be a finite number but was " + value);
            }
        }
    }
}
