package dev.foundation.lifecycle;

import dev.foundation.core.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * How the lifecycle's supervisor reacts when a component crashes, with Erlang/OTP semantics: which
 * components are restarted ({@link Strategy}), how often before giving up (restart intensity), and how
 * long to wait between restarts (a {@link Backoff}: exponential with jitter).
 *
 * <p>Whether a crashed component is restarted at all is its own {@link RestartPolicy}. Restart intensity
 * counts the restarts caused by one component's crashes: when it crashes more than
 * {@link #maxRestarts()} times within {@link #period()}, the supervisor escalates: that component stays
 * {@link Stage#FAILED} (with the reason in its health detail and in the log), its dependents are stopped
 * (with {@link Strategy#REST_FOR_ONE}), the application's health becomes {@link HealthStatus#UNHEALTHY}
 * and its liveness probe fails, and, if {@link #stopApplicationOnEscalation()}, the whole lifecycle is closed.
 *
 * <pre>{@code
 * Supervision.builder()
 *     .strategy(Supervision.Strategy.REST_FOR_ONE)
 *     .intensity(5, Duration.ofMinutes(1))
 *     .backoff(Duration.ofMillis(200), Duration.ofSeconds(30))
 *     .build();
 * }</pre>
 */
public final class Supervision {

    /** Which components are restarted when one crashes. */
    public enum Strategy {
        /**
         * Only the crashed component. Safe only when nothing that depends on it keeps what it handed out
         * (a connection, a client, an instance): a dependent that does keeps the dead one after the restart.
         */
        ONE_FOR_ONE,
        /** Every component that is up: all are stopped (in reverse order) and started again. */
        ONE_FOR_ALL,
        /**
         * The default: the crashed component and every component that depends on it, directly or not (OTP's
         * rest-for-one, over the dependency graph): the dependents that are up are stopped in reverse
         * dependency order, then all are started again in dependency order, so none keeps what the old
         * instance handed out.
         */
        REST_FOR_ONE
    }

    /** Default {@link #maxRestarts()}: 3. */
    public static final int DEFAULT_MAX_RESTARTS = 3;
    /** Default {@link #period()}: one minute. */
    public static final Duration DEFAULT_PERIOD = Duration.ofMinutes(1);
    /**
     * Default {@link #backoff()}: 100 ms doubling up to 30 s, each delay drawn from +/- 20 % of its nominal value.
     */
    public static final Backoff DEFAULT_BACKOFF =
            Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(30)).withJitter(0.2);

    private static final Supervision DEFAULTS = builder().build();

    private final Strategy strategy;
    private final int maxRestarts;
    private final Duration period;
    private final Backoff backoff;
    private final boolean stopApplicationOnEscalation;

    private Supervision(Builder b) {
        this.strategy = b.strategy;
        this.maxRestarts = b.maxRestarts;
        this.period = b.period;
        this.backoff = b.backoff;
        this.stopApplicationOnEscalation = b.stopApplicationOnEscalation;
    }

    /**
     * The defaults: rest-for-one, 3 restarts per minute, backoff 100 ms doubling up to 30 s with 20 % jitter,
     * the application keeps running on escalation.
     *
     * @return the default supervision
     */
    public static Supervision defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The restart strategy.
     *
     * @return the strategy
     */
    public Strategy strategy() {
        return strategy;
    }

    /**
     * How many restarts one component's crashes may cause within {@link #period()} before escalation.
     *
     * @return the maximum number of restarts, zero or more
     */
    public int maxRestarts() {
        return maxRestarts;
    }

    /**
     * The sliding window in which restarts are counted.
     *
     * @return the period
     */
    public Duration period() {
        return period;
    }

    /**
     * The wait before a restart: the {@code n}-th restart within the window waits {@code backoff().delay(n)}.
     *
     * @return the backoff
     */
    public Backoff backoff() {
        return backoff;
    }

    /**
     * Whether escalation closes the whole lifecycle (gracefully, on its own thread).
     *
     * @return {@code true} to stop the application when a component exceeds its restart intensity
     */
    public boolean stopApplicationOnEscalation() {
        return stopApplicationOnEscalation;
    }

    @Override
    public String toString() {
        return "Supervision[" + strategy + ", " + maxRestarts + " restarts per " + period + ", "
                + backoff
                + (stopApplicationOnEscalation ? ", stops the application on escalation" : "") + "]";
    }

    /** Builds a {@link Supervision}; every setter validates its argument at once. */
    public static final class Builder {
        private Strategy strategy = Strategy.REST_FOR_ONE;
        private int maxRestarts = DEFAULT_MAX_RESTARTS;
        private Duration period = DEFAULT_PERIOD;
        private Backoff backoff = DEFAULT_BACKOFF;
        private boolean stopApplicationOnEscalation;

        private Builder() {
        }

        /**
         * Sets the restart strategy (default {@link Strategy#REST_FOR_ONE}).
         *
         * @param strategy the strategy
         * @return this builder
         */
        public Builder strategy(Strategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * Sets the restart intensity: at most {@code maxRestarts} restarts within {@code period}.
         *
         * @param maxRestarts zero or more
         * @param period      a positive duration
         * @return this builder
         */
        public Builder intensity(int maxRestarts, Duration period) {
            if (maxRestarts < 0) {
                throw new IllegalArgumentException("maxRestarts must be >= 0 but was " + maxRestarts);
            }
            Objects.requireNonNull(period, "period");
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("period must be > 0 but was " + period);
            }
            this.maxRestarts = maxRestarts;
            this.period = period;
            return this;
        }

        /**
         * Sets the wait before restarts (default {@link #DEFAULT_BACKOFF}).
         *
         * @param backoff the backoff
         * @return this builder
         */
        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * Sets the bounds of the backoff, keeping its multiplier and jitter.
         *
         * @param initial the first delay, zero or positive
         * @param max     the largest delay, at least {@code initial}
         * @return this builder
         * @throws IllegalArgumentException if {@code initial} is negative or {@code max < initial}
         */
        public Builder backoff(Duration initial, Duration max) {
            this.backoff = backoff.withBounds(initial, max);
            return this;
        }

        /**
         * Sets how much each further delay grows, keeping the backoff's other settings.
         *
         * @param multiplier a finite number, at least 1
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder multiplier(double multiplier) {
            this.backoff = backoff.withMultiplier(multiplier);
            return this;
        }

        /**
         * Sets the random spread of each delay, keeping the backoff's other settings.
         *
         * @param jitter between 0 (none) and 1
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder jitter(double jitter) {
            this.backoff = backoff.withJitter(jitter);
            return this;
        }

        /**
         * Sets whether escalation closes the whole lifecycle.
         *
         * @param stop {@code true} to stop the application on escalation
         * @return this builder
         */
        public Builder stopApplicationOnEscalation(boolean stop) {
            this.stopApplicationOnEscalation = stop;
            return this;
        }

        /**
         * Builds the immutable supervision settings.
         *
         * @return the settings
         */
        public Supervision build() {
            return new Supervision(this);
        }
    }
}
