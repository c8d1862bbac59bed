package dev.foundation.workflow;

import dev.foundation.core.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A step's retry policy: how many attempts, how long to wait between them (a {@link Backoff}, Foundation's
 * one backoff type), and which errors are worth another attempt. Immutable; the engine schedules the next
 * attempt as a durable timer, so a long backoff survives a restart.
 *
 * <pre>{@code
 * Retry.exponential(Duration.ofMillis(100), 2.0, 5)           // 5 attempts, 100 ms, 200 ms, 400 ms... +-50 %
 *      .withMaxDelay(Duration.ofSeconds(30))
 *      .retryOn(e -> e instanceof java.io.IOException);
 * Retry.of(4, Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(1)).withMultiplier(3));
 * }</pre>
 *
 * <p>Whatever the predicate says, an exception implementing {@link NonRetryable} is never retried.
 */
public final class Retry {

    /** The default jitter of {@link #exponential(Duration, double, int)}: each delay is drawn from +-50 %. */
    public static final double DEFAULT_JITTER = 0.5;
    /** The default cap on one delay. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofMinutes(10);

    private static final Retry NONE = new Retry(1, Backoff.none(), e -> false);

    private final int maxAttempts;
    private final Backoff backoff;
    private final Predicate<Throwable> retryOn;

    private Retry(int maxAttempts, Backoff backoff, Predicate<Throwable> retryOn) {
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.retryOn = retryOn;
    }

    /**
     * No retry: one attempt.
     *
     * @return the policy
     */
    public static Retry none() {
        return NONE;
    }

    /**
     * Exponential backoff with the default jitter, retrying every exception that is not {@link NonRetryable}.
     *
     * @param initialDelay the delay before the second attempt, at least 1 ms
     * @param multiplier   the growth factor, {@code >= 1}
     * @param maxAttempts  the total number of attempts, {@code >= 1}
     * @return the policy
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static Retry exponential(Duration initialDelay, double multiplier, int maxAttempts) {
        checkDelay("initialDelay", initialDelay);
        Duration max = initialDelay.compareTo(DEFAULT_MAX_DELAY) > 0 ? initialDelay : DEFAULT_MAX_DELAY;
        return new Retry(checkAttempts(maxAttempts), Backoff.exponential(initialDelay, max)
                .withMultiplier(checkMultiplier(multiplier)).withJitter(DEFAULT_JITTER), e -> true);
    }

    /**
     * Any backoff, retrying every exception that is not {@link NonRetryable}.
     *
     * @param maxAttempts the total number of attempts, {@code >= 1}
     * @param backoff     the wait after the {@code n}-th failed attempt is {@code backoff.delay(n)}
     * @return the policy
     * @throws IllegalArgumentException if {@code maxAttempts < 1}
     */
    public static Retry of(int maxAttempts, Backoff backoff) {
        Objects.requireNonNull(backoff, "backoff");
        return new Retry(checkAttempts(maxAttempts), backoff, e -> true);
    }

    /**
     * A fixed delay without jitter.
     *
     * @param delay       the delay between attempts, at least 1 ms
     * @param maxAttempts the total number of attempts, {@code >= 1}
     * @return the policy
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static Retry fixed(Duration delay, int maxAttempts) {
        return new Retry(checkAttempts(maxAttempts), Backoff.fixed(checkDelay("delay", delay)), e -> true);
    }

    /**
     * Sets the jitter (randomization factor): each delay is drawn uniformly from {@code d * (1 +- jitter)}.
     *
     * @param value in {@code [0, 1)}
     * @return a new policy
     * @throws IllegalArgumentException if out of range
     */
    public Retry withJitter(double value) {
        if (!(value >= 0.0 && value < 1.0)) {
            throw new IllegalArgumentException("jitter must be in [0, 1) but was " + value);
        }
        return new Retry(maxAttempts, backoff.withJitter(value), retryOn);
    }

    /**
     * Caps one delay.
     *
     * @param value the cap, at least the initial delay
     * @return a new policy
     * @throws IllegalArgumentException if smaller than the initial delay
     */
    public Retry withMaxDelay(Duration value) {
        checkDelay("maxDelay", value);
        if (value.compareTo(backoff.initial()) < 0) {
            throw new IllegalArgumentException("maxDelay must be >= initialDelay (" + backoff.initial() + ") but was "
                    + value);
        }
        return new Retry(maxAttempts, backoff.withBounds(backoff.initial(), value), retryOn);
    }

    /**
     * Which exceptions are retryable (default: all). {@link NonRetryable} ones never are. The engine asks the
     * predicate on the thread that ran the failed attempt, before it takes the instance's lock, so the predicate
     * may use the engine and the instance (or wait for a thread that does, such as another step of the same
     * instance reading an output). It may be asked about an attempt even when no retry follows (the instance is
     * already failing).
     *
     * @param predicate returns {@code true} for a retryable exception
     * @return a new policy
     */
    public Retry retryOn(Predicate<Throwable> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new Retry(maxAttempts, backoff, predicate);
    }

    /**
     * The total number of attempts.
     *
     * @return at least 1
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The wait between attempts: after the {@code n}-th failed attempt the next one is due after
     * {@code backoff().delay(n)}.
     *
     * @return the backoff
     */
    public Backoff backoff() {
        return backoff;
    }

    /**
     * Whether an exception may be retried: not {@link NonRetryable} and accepted by the predicate.
     *
     * @param error the exception
     * @return {@code true} if another attempt may be made
     */
    public boolean isRetryable(Throwable error) {
        return !(error instanceof NonRetryable) && retryOn.test(error);
    }

    /**
     * The retry predicate as given to {@link #retryOn(Predicate)}.
     *
     * @return the predicate
     */
    public Predicate<Throwable> retryPredicate() {
        return retryOn;
    }

    private static int checkAttempts(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1 but was " + maxAttempts);
        }
        return maxAttempts;
    }

    private static Duration checkDelay(String name, Duration delay) {
        Objects.requireNonNull(delay, name);
        if (delay.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be >= 1ms but was " + delay);
        }
        return delay;
    }

    private static double checkMultiplier(double multiplier) {
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be >= 1 but was " + multiplier);
        }
        return multiplier;
    }

    @Override
    public String toString() {
        return "Retry[maxAttempts=" + maxAttempts + ", " + backoff + "]";
    }
}
