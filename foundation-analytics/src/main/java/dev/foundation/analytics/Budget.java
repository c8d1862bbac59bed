package dev.foundation.analytics;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A limit on a measured resource, with load shedding and hysteresis.
 *
 * <p>A budget reads one aggregate of a pipeline, summed over the pipeline's series (e.g. the bytes written per
 * second by every disk). When the value reaches {@code shedAt * limit} the budget starts shedding: its
 * {@code onShed} hook runs once (pause an event subscription, refuse workflow starts, ...) and a
 * {@link BudgetEvent} is sent. It stops shedding only when the value falls to {@code recoverAt * limit} or below
 * ({@code onRecover} runs once): between the two marks nothing changes, so a value hovering at the limit does not
 * flap.
 *
 * <pre>{@code
 * Budget heap = Budget.builder("heap", heapPipeline, Aggregate.MAX).limit(2.0 * (1L << 30))
 *         .shedAt(0.9).recoverAt(0.75).onShed(subscription::pause).onRecover(subscription::resume).build();
 * }</pre>
 */
public final class Budget {

    private final String name;
    private final Pipeline pipeline;
    private final Aggregate aggregate;
    private final double limit;
    private final double shedAt;
    private final double recoverAt;
    private final Runnable onShed;
    private final Runnable onRecover;
    private final Consumer<BudgetEvent> listener;

    private Budget(Builder b) {
        this.name = b.name;
        this.pipeline = b.pipeline;
        this.aggregate = b.aggregate;
        this.limit = b.limit;
        this.shedAt = b.shedAt;
        this.recoverAt = b.recoverAt;
        this.onShed = b.onShed;
        this.onRecover = b.onRecover;
        this.listener = b.listener;
    }

    /**
     * Starts a budget over a pipeline's aggregate.
     *
     * @param name      the budget's name, not blank
     * @param pipeline  the pipeline that measures the resource
     * @param aggregate the aggregate to read (the pipeline must compute it)
     * @return a builder
     */
    public static Builder builder(String name, Pipeline pipeline, Aggregate aggregate) {
        return new Builder(name, pipeline, aggregate);
    }

    /** @return the budget's name */
    public String name() {
        return name;
    }

    /** @return the pipeline it reads */
    public Pipeline pipeline() {
        return pipeline;
    }

    /** @return the aggregate it reads */
    public Aggregate aggregate() {
        return aggregate;
    }

    /** @return the limit */
    public double limit() {
        return limit;
    }

    /** @return the fraction of the limit at which shedding starts */
    public double shedAt() {
        return shedAt;
    }

    /** @return the fraction of the limit at or below which shedding stops */
    public double recoverAt() {
        return recoverAt;
    }

    /** @return the hook run when shedding starts */
    public Runnable onShed() {
        return onShed;
    }

    /** @return the hook run when shedding stops */
    public Runnable onRecover() {
        return onRecover;
    }

    /** @return the listener told of every change */
    public Consumer<BudgetEvent> listener() {
        return listener;
    }

    /** Builds a {@link Budget}. */
    public static final class Builder {
        private final String name;
        private final Pipeline pipeline;
        private final Aggregate aggregate;
        private double limit = Double.NaN;
        private double shedAt = 1.0;
        private double recoverAt = 0.9;
        private Runnable onShed = () -> { };
        private Runnable onRecover = () -> { };
        private Consumer<BudgetEvent> listener = e -> { };

        private Builder(String name, Pipeline pipeline, Aggregate aggregate) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("budget name must not be blank but was '" + name + "'");
            }
            this.name = name;
            this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
            this.aggregate = Objects.requireNonNull(aggregate, "aggregate");
            if (!pipeline.aggregates().contains(aggregate)) {
                throw new IllegalArgumentException("budget '" + name + "' reads " + aggregate + " but pipeline '"
                        + pipeline.name() + "' computes only " + pipeline.aggregates());
            }
        }

        /**
         * The limit, in the unit of the aggregate (bytes, bytes per second, a fraction of CPU, ...).
         *
         * @param limit a finite number {@code > 0}
         * @return this builder
         */
        public Builder limit(double limit) {
            if (!(limit > 0) || Double.isInfinite(limit)) {
                throw new IllegalArgumentException("limit must be a finite number > 0 but was " + limit);
            }
            this.limit = limit;
            return this;
        }

        /**
         * The fraction of the limit at which shedding starts (default 1.0).
         *
         * @param fraction in (0, 10]
         * @return this builder
         */
        public Builder shedAt(double fraction) {
            if (!(fraction > 0 && fraction <= 10)) {
                throw new IllegalArgumentException("shedAt must be in (0, 10] but was " + fraction);
            }
            this.shedAt = fraction;
            return this;
        }

        /**
         * The fraction of the limit at or below which shedding stops (default 0.9); must be below {@code shedAt}.
         *
         * @param fraction in [0, shedAt)
         * @return this builder
         */
        public Builder recoverAt(double fraction) {
            if (!(fraction >= 0 && fraction <= 10)) {
                throw new IllegalArgumentException("recoverAt must be in [0, 10] but was " + fraction);
            }
            this.recoverAt = fraction;
            return this;
        }

        /**
         * What to run when shedding starts.
         *
         * @param hook the hook (runs on the analytics thread; keep it short)
         * @return this builder
         */
        public Builder onShed(Runnable hook) {
            this.onShed = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /**
         * What to run when shedding stops.
         *
         * @param hook the hook
         * @return this builder
         */
        public Builder onRecover(Runnable hook) {
            this.onRecover = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /**
         * A listener told of every change (an alert channel, an event stream's publish, ...).
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(Consumer<BudgetEvent> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the budget.
         *
         * @return the budget
         * @throws IllegalStateException if no limit was given or recoverAt is not below shedAt
         */
        public Budget build() {
            if (Double.isNaN(limit)) {
                throw new IllegalStateException("budget '" + name + "' needs a limit: call limit(...)");
            }
            if (!(recoverAt < shedAt)) {
                throw new IllegalStateException("budget '" + name + "': recoverAt (" + recoverAt
                        + ") must be below shedAt (" + shedAt + "), or the budget would flap");
            }
            return new Budget(this);
        }
    }
}
