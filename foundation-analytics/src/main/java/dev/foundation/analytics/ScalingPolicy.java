package dev.foundation.analytics;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.IntConsumer;

/**
 * Sizes a pool from a metric: more workers when the metric is high, fewer when it is low.
 *
 * <p>At every tick the policy reads the metric (a queue length, a lag, a pipeline aggregate). Above
 * {@code scaleUpAbove} it adds {@code stepUp} workers, below {@code scaleDownBelow} it removes {@code stepDown},
 * never leaving {@code [min, max]}. After any change it waits {@code cooldown} before the next one, and between the
 * two marks it changes nothing, so a metric that hovers near one mark does not make the pool flap. The target is
 * told the initial size when the policy is added, then every new size.
 *
 * <pre>{@code
 * ScalingPolicy workers = ScalingPolicy.builder("order-workers").metric(queue::size)
 *         .scaleUpAbove(100).scaleDownBelow(10).min(2).max(50).cooldown(Duration.ofSeconds(30))
 *         .target(pool::setCorePoolSize).build();
 * }</pre>
 */
public final class ScalingPolicy {

    /** The default cooldown between two changes. */
    public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(30);

    private final String name;
    private final DoubleSupplier metric;
    private final double up;
    private final double down;
    private final int min;
    private final int max;
    private final int initial;
    private final int stepUp;
    private final int stepDown;
    private final Duration cooldown;
    private final IntConsumer target;

    private ScalingPolicy(Builder b) {
        this.name = b.name;
        this.metric = b.metric;
        this.up = b.up;
        this.down = b.down;
        this.min = b.min;
        this.max = b.max;
        this.initial = b.initial < 0 ? b.min : b.initial;
        this.stepUp = b.stepUp;
        this.stepDown = b.stepDown;
        this.cooldown = b.cooldown;
        this.target = b.target;
    }

    /**
     * Starts a policy.
     *
     * @param name the policy's name, not blank
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return the policy's name */
    public String name() {
        return name;
    }

    /** @return the metric it reads */
    public DoubleSupplier metric() {
        return metric;
    }

    /** @return the mark above which it scales up */
    public double scaleUpAbove() {
        return up;
    }

    /** @return the mark below which it scales down */
    public double scaleDownBelow() {
        return down;
    }

    /** @return the smallest size */
    public int min() {
        return min;
    }

    /** @return the largest size */
    public int max() {
        return max;
    }

    /** @return the size it starts at */
    public int initial() {
        return initial;
    }

    /** @return workers added per step */
    public int stepUp() {
        return stepUp;
    }

    /** @return workers removed per step */
    public int stepDown() {
        return stepDown;
    }

    /** @return the wait after a change */
    public Duration cooldown() {
        return cooldown;
    }

    /** @return what is told each new size */
    public IntConsumer target() {
        return target;
    }

    /**
     * The size after one reading, as the policy decides it: a pure function, for tests and simulations.
     *
     * @param current          the current size
     * @param value            the metric's value (NaN changes nothing)
     * @param sinceLastChange  time since the last change
     * @return the new size (equal to {@code current} for no change)
     */
    public int decide(int current, double value, Duration sinceLastChange) {
        if (Double.isNaN(value) || sinceLastChange.compareTo(cooldown) < 0) {
            return current;
        }
        if (value > up && current < max) {
            return (int) Math.min(max, (long) current + stepUp);
        }
        if (value < down && current > min) {
            return Math.max(min, current - stepDown);
        }
        return current;
    }

    /** Builds a {@link ScalingPolicy}. */
    public static final class Builder {
        private final String name;
        private DoubleSupplier metric;
        private double up = Double.NaN;
        private double down = Double.NaN;
        private int min = 1;
        private int max = Integer.MAX_VALUE;
        private int initial = -1;
        private int stepUp = 1;
        private int stepDown = 1;
        private Duration cooldown = DEFAULT_COOLDOWN;
        private IntConsumer target;

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("scaling policy name must not be blank but was '" + name + "'");
            }
            this.name = name;
        }

        /**
         * The metric to read at every tick.
         *
         * @param metric the metric
         * @return this builder
         */
        public Builder metric(DoubleSupplier metric) {
            this.metric = Objects.requireNonNull(metric, "metric");
            return this;
        }

        /**
         * Scale up when the metric is above this mark.
         *
         * @param mark a finite number
         * @return this builder
         */
        public Builder scaleUpAbove(double mark) {
            this.up = finite("scaleUpAbove", mark);
            return this;
        }

        /**
         * Scale down when the metric is below this mark.
         *
         * @param mark a finite number, below {@code scaleUpAbove}
         * @return this builder
         */
        public Builder scaleDownBelow(double mark) {
            this.down = finite("scaleDownBelow", mark);
            return this;
        }

        /**
         * The smallest size (default 1).
         *
         * @param min {@code >= 0}
         * @return this builder
         */
        public Builder min(int min) {
            if (min < 0) {
                throw new IllegalArgumentException("min must be >= 0 but was " + min);
            }
            this.min = min;
            return this;
        }

        /**
         * The largest size.
         *
         * @param max {@code >= 1}
         * @return this builder
         */
        public Builder max(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max must be >= 1 but was " + max);
            }
            this.max = max;
            return this;
        }

        /**
         * The starting size (default {@code min}).
         *
         * @param initial within {@code [min, max]}
         * @return this builder
         */
        public Builder initial(int initial) {
            if (initial < 0) {
                throw new IllegalArgumentException("initial must be >= 0 but was " + initial);
            }
            this.initial = initial;
            return this;
        }

        /**
         * Workers added and removed per step (default 1 and 1).
         *
         * @param up   added per step, {@code >= 1}
         * @param down removed per step, {@code >= 1}
         * @return this builder
         */
        public Builder steps(int up, int down) {
            if (up < 1 || down < 1) {
                throw new IllegalArgumentException("steps must be >= 1 but were up=" + up + ", down=" + down);
            }
            this.stepUp = up;
            this.stepDown = down;
            return this;
        }

        /**
         * The wait after a change before the next one (default {@link #DEFAULT_COOLDOWN}).
         *
         * @param cooldown at least zero
         * @return this builder
         */
        public Builder cooldown(Duration cooldown) {
            Objects.requireNonNull(cooldown, "cooldown");
            if (cooldown.isNegative()) {
                throw new IllegalArgumentException("cooldown must be >= 0 but was " + cooldown);
            }
            this.cooldown = cooldown;
            return this;
        }

        /**
         * What to tell each new size: a pool's setter, a subscription's concurrency, any {@code IntConsumer}.
         *
         * @param target the target
         * @return this builder
         */
        public Builder target(IntConsumer target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws IllegalStateException if the metric, a mark or the target is missing, or they contradict each other
         */
        public ScalingPolicy build() {
            String p = "scaling policy '" + name + "': ";
            if (metric == null || target == null) {
                throw new IllegalStateException(p + "needs a metric(...) and a target(...)");
            }
            if (Double.isNaN(up) || Double.isNaN(down)) {
                throw new IllegalStateException(p + "needs scaleUpAbove(...) and scaleDownBelow(...)");
            }
            if (!(down < up)) {
                throw new IllegalStateException(p + "scaleDownBelow (" + down + ") must be below scaleUpAbove (" + up
                        + "), or the pool would flap");
            }
            if (min > max) {
                throw new IllegalStateException(p + "min (" + min + ") must be <= max (" + max + ")");
            }
            if (initial >= 0 && (initial < min || initial > max)) {
                throw new IllegalStateException(p + "initial (" + initial + ") must be in [" + min + ", " + max + "]");
            }
            return new ScalingPolicy(this);
        }

        private static double finite(String what, double v) {
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(what + " must be a finite number but was " + v);
            }
            return v;
        }
    }
}
