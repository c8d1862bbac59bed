package dev.foundation.workflow.internal;

import dev.foundation.workflow.Retry;
import java.time.Duration;

/**
 * Asks a {@link Retry} the two questions the engine needs: may this attempt be retried, and after what delay.
 * The engine does not sleep: it stores the due time of the next attempt (a durable timer) so the retry survives
 * a restart.
 */
final class RetryPlans {

    /**
     * Whether a failed attempt may be followed by another.
     *
     * @param retry   the policy
     * @param attempt the attempt that failed, from 1
     * @param error   its error
     * @return {@code true} if another attempt is allowed
     */
    boolean mayRetry(Retry retry, int attempt, Throwable error) {
        return attempt < retry.maxAttempts() && retry.isRetryable(error);
    }

    /**
     * The delay before the attempt after {@code attempt}.
     *
     * @param retry   the policy
     * @param attempt the attempt that failed, from 1
     * @param error   its error (no policy depends on it today)
     * @return the delay, with the backoff's jitter
     */
    Duration delay(Retry retry, int attempt, Throwable error) {
        return retry.backoff().delay(Math.max(1, attempt));
    }
}
