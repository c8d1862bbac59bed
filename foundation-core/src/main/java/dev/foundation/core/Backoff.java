package dev.foundation.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before the next try: the one backoff type of Foundation, used by event-subscription retries,
 * workflow step retries and lifecycle restarts. Immutable and thread-safe.
 *
 * <p>The wait after the {@code n}-th failure is {@code min(max, initial * multiplier^(n-1))}, spread uniformly
 * by the jitter over {@code [d(1-jitter), d(1+jitter)]}, and never above {@code max}:
 *
 * <pre>{@code
 * Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(30))   // 100 ms, 200 ms, 400 ms ... 30 s
 *        .withMultiplier(3)
 *        .withJitter(0.2);                                            // each wait +-20 %
 * Backoff.fixed(Duration.ofSeconds(1));                                 // 1 s every time
 * }</pre>
 */
public final class Backoff {

    /** The default growth factor of {@link #exponential(Duration, Duration)}: 2. */
    public static final double DEFAULT_MULTIPLIER = 2.0;

    private static final Backoff NONE = new Backoff(Duration.ZERO, Duration.ZERO, 1.0, 0.0);

    private final Duration initial;
    private final Duration max;
    private final double multiplier;
    private final double jitter;
    private final double initialNanos;
    private final double maxNanos;

    private Backoff(Duration initial, Duration max, double multiplier, double jitter) {
        this.initial = initial;
        this.max = max;
        this.multiplier = multiplier;
        this.jitter = jitter;
        this.initialNanos = saturatedNanos(initial);
        this.maxNanos = saturatedNanos(max);
    }

    /**
     * No wait at all.
     *
     * @return the zero backoff
     */
    public static Backoff none() {
        return NONE;
    }

    /**
     * Waits that double from {@code initial} up to {@code max}, without jitter.
     *
     * @param initial the wait after the first failure, {@code >= 0}
     * @param max     the longest wait, {@code >= initial}
     * @return the backoff
     * @throws IllegalArgumentException if {@code initial} is negative or {@code max < initial}
     */
    public static Backoff exponential(Duration initial, Duration max) {
        checkBounds(initial, max);
        return new Backoff(initial, max, DEFAULT_MULTIPLIER, 0.0);
    }

    /**
     * The same wait every time, without jitter.
     *
     * @param delay the wait, {@code >= 0}
     * @return the backoff
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public static Backoff fixed(Duration delay) {
        checkBounds(delay, delay);
        return new Backoff(delay, delay, 1.0, 0.0);
    }

    /**
     * A copy with another growth factor.
     *
     * @param value how much each further wait grows, a finite number {@code >= 1}
     * @return a new backoff
     * @throws IllegalArgumentException if out of range
     */
    public Backoff withMultiplier(double value) {
        if (!(value >= 1.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("multiplier must be a finite number >= 1 but was " + value);
        }
        return new Backoff(initial, max, value, jitter);
    }

    /**
     * A copy with another random spread: a wait {@code d} becomes a uniform value in
     * {@code [d(1-jitter), d(1+jitter)]}, still capped at {@link #max()}.
     *
     * @param value between 0 (none) and 1
     * @return a new backoff
     * @throws IllegalArgumentException if out of range
     */
    public Backoff withJitter(double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1 but was " + value);
        }
        return new Backoff(initial, max, multiplier, value);
    }

    /**
     * A copy with other bounds, keeping the multiplier and jitter.
     *
     * @param initialDelay the wait after the first failure, {@code >= 0}
     * @param maxDelay     the longest wait, {@code >= initialDelay}
     * @return a new backoff
     * @throws IllegalArgumentException if {@code initialDelay} is negative or {@code maxDelay < initialDelay}
     */
    public Backoff withBounds(Duration initialDelay, Duration maxDelay) {
        checkBounds(initialDelay, maxDelay);
        return new Backoff(initialDelay, maxDelay, multiplier, jitter);
    }

    /**
     * The wait after the first failure, before jitter.
     *
     * @return the initial wait
     */
    public Duration initial() {
        return initial;
    }

    /**
     * The longest wait, jitter included.
     *
     * @return the cap
     */
    public Duration max() {
        return max;
    }

    /**
     * How much each further wait grows.
     *
     * @return the multiplier, at least 1
     */
    public double multiplier() {
        return multiplier;
    }

    /**
     * The random spread of each wait.
     *
     * @return the jitter, between 0 and 1
     */
    public double jitter() {
        return jitter;
    }

    /**
     * The wait after the given failure before jitter: {@code min(max, initial * multiplier^(failures-1))}.
     *
     * @param failures failures so far, {@code >= 1}
     * @return the nominal wait
     * @throws IllegalArgumentException if {@code failures < 1}
     */
    public Duration nominalDelay(int failures) {
        return Duration.ofNanos((long) nominalNanos(failures));
    }

    /**
     * The wait after the given failure, with jitter drawn from {@link ThreadLocalRandom}.
     *
     * @param failures failures so far, {@code >= 1}
     * @return the wait, between 0 and {@link #max()}
     * @throws IllegalArgumentException if {@code failures < 1}
     */
    public Duration delay(int failures) {
        return jitter == 0.0 ? nominalDelay(failures) : delay(failures, ThreadLocalRandom.current().nextDouble());
    }

    /**
     * The wait after the given failure for a given random draw; deterministic, for callers with their own
     * source of randomness and for tests.
     *
     * @param failures failures so far, {@code >= 1}
     * @param random   a uniform random number in {@code [0, 1)}
     * @return the wait, between 0 and {@link #max()}
     * @throws IllegalArgumentException if {@code failures < 1} or {@code random} is outside {@code [0, 1)}
     */
    public Duration delay(int failures, double random) {
        if (!(random >= 0.0 && random < 1.0)) {
            throw new IllegalArgumentException("random must be in [0, 1) but was " + random);
        }
        double nominal = nominalNanos(failures);
        double spread = nominal * (1.0 + jitter * (2.0 * random - 1.0));
        return Duration.ofNanos((long) Math.max(0.0, Math.min(spread, maxNanos)));
    }

    private double nominalNanos(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be >= 1 but was " + failures);
        }
        // pow overflows to +Infinity for large exponents, which min() then caps at max.
        return Math.min(initialNanos * Math.pow(multiplier, failures - 1), maxNanos);
    }

    private static void checkBounds(Duration initial, Duration max) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative()) {
            throw new IllegalArgumentException("initial delay must be >= 0 but was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max delay must be >= initial delay (" + initial + ") but was " + max);
        }
    }

    private static double saturatedNanos(Duration d) {
        return d.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : d.toNanos();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Backoff b && initial.equals(b.initial) && max.equals(b.max)
                && Double.compare(multiplier, b.multiplier) == 0 && Double.compare(jitter, b.jitter) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(initial, max, multiplier, jitter);
    }

    @Override
    public String toString() {
        return "Backoff[" + initial + ".." + max + " x" + multiplier + " jitter " + jitter + "]";
    }
}
