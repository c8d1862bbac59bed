package dev.foundation.events;

import java.time.Duration;
import java.util.Objects;

/**
 * How a subscription retries a batch whose handler threw: up to {@code maxAttempts} calls in all, waiting
 * {@code initialBackoff} after the first failure and doubling up to {@code maxBackoff}. After the last
 * failed attempt the batch goes to the dead-letter stream and processing continues with the next events.
 * While a batch waits for a retry its partition is paused (order is kept); other partitions go on.
 *
 * @param maxAttempts    handler calls per batch in all, {@code >= 1} (1 = no retry)
 * @param initialBackoff wait before the second attempt, {@code >= 0}
 * @param maxBackoff     the longest wait, {@code >= initialBackoff}
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** The default: 3 attempts, 100 ms then 200 ms apart. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(5));

    /** No retry: a failed batch goes straight to the dead-letter stream. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    /**
     * Checks the components.
     *
     * @param maxAttempts    attempts
     * @param initialBackoff first wait
     * @param maxBackoff     longest wait
     */
    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1 but was " + maxAttempts);
        }
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must be >= 0 but was " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be >= initialBackoff (" + initialBackoff
                    + ") but was " + maxBackoff);
        }
    }

    /**
     * The wait after the given failed attempt.
     *
     * @param failedAttempts attempts made so far, {@code >= 1}
     * @return {@code min(maxBackoff, initialBackoff * 2^(failedAttempts-1))}
     */
    public Duration backoffAfter(int failedAttempts) {
        Duration d = initialBackoff;
        for (int i = 1; i < failedAttempts && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
