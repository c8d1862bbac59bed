package dev.foundation.events;

import dev.foundation.core.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * How a subscription retries a batch whose handler threw: up to {@code maxAttempts} calls in all, waiting
 * {@code backoff.delay(n)} after the {@code n}-th failure. After the last failed attempt the batch goes to the
 * dead-letter stream and processing continues with the next events. While a batch waits for a retry its
 * partition is paused (order is kept); other partitions go on.
 *
 * <pre>{@code
 * new RetryPolicy(5, Backoff.exponential(Duration.ofMillis(50), Duration.ofSeconds(2)).withJitter(0.2));
 * new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100));   // 20 ms then 40 ms, doubling up to 100 ms
 * }</pre>
 *
 * @param maxAttempts handler calls per batch in all, {@code >= 1} (1 = no retry)
 * @param backoff     the wait after each failed attempt
 */
public record RetryPolicy(int maxAttempts, Backoff backoff) {

    /** The default: 3 attempts, 100 ms then 200 ms apart. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(5));

    /** No retry: a failed batch goes straight to the dead-letter stream. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Backoff.none());

    /**
     * Checks the components.
     *
     * @param maxAttempts attempts
     * @param backoff     the wait after each failed attempt
     */
    public RetryPolicy {
        Objects.requireNonNull(backoff, "backoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1 but was " + maxAttempts);
        }
    }

    /**
     * Exponential backoff without jitter: {@code initialBackoff} after the first failure, doubling up to
     * {@code maxBackoff}.
     *
     * @param maxAttempts    handler calls per batch in all, {@code >= 1}
     * @param initialBackoff wait before the second attempt, {@code >= 0}
     * @param maxBackoff     the longest wait, {@code >= initialBackoff}
     */
    public RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        this(maxAttempts, Backoff.exponential(initialBackoff, maxBackoff));
    }

    /**
     * The wait after the given failed attempt.
     *
     * @param failedAttempts attempts made so far, {@code >= 1}
     * @return {@code backoff().delay(failedAttempts)}
     */
    public Duration backoffAfter(int failedAttempts) {
        return backoff.delay(failedAttempts);
    }
}
