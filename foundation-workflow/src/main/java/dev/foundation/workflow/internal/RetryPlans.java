package dev.foundation.workflow.internal;

import dev.foundation.workflow.Retry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a {@link Retry} into a Resilience4j {@link RetryConfig} and asks it the two questions the engine
 * needs: may this attempt be retried, and after what delay. The engine does not let Resilience4j sleep:
 * it stores the due time of the next attempt (a durable timer) so the retry survives a restart.
 */
final class RetryPlans {

    private final Map<Retry, RetryConfig> configs = new ConcurrentHashMap<>();

    RetryConfig config(Retry retry) {
        return configs.computeIfAbsent(retry, RetryPlans::toConfig);
    }

    static RetryConfig toConfig(Retry retry) {
        IntervalFunction interval;
        if (retry.multiplier() == 1.0 && retry.jitter() == 0.0) {
            interval = IntervalFunction.of(retry.initialDelay());
        } else if (retry.jitter() == 0.0) {
            interval = IntervalFunction.ofExponentialBackoff(retry.initialDelay(), retry.multiplier(),
                    retry.maxDelay());
        } else {
            interval = IntervalFunction.ofExponentialRandomBackoff(retry.initialDelay(), retry.multiplier(),
                    retry.jitter(), retry.maxDelay());
        }
        return RetryConfig.custom()
                .maxAttempts(retry.maxAttempts())
                .intervalFunction(interval)
                .retryOnException(retry::isRetryable)
                .build();
    }

    /**
     * Whether a failed attempt may be followed by another.
     *
     * @param retry   the policy
     * @param attempt the attempt that failed, from 1
     * @param error   its error
     * @return {@code true} if another attempt is allowed
     */
    boolean mayRetry(Retry retry, int attempt, Throwable error) {
        RetryConfig c = config(retry);
        return attempt < c.getMaxAttempts() && c.getExceptionPredicate().test(error);
    }

    /**
     * The delay before the attempt after {@code attempt}.
     *
     * @param retry   the policy
     * @param attempt the attempt that failed, from 1
     * @param error   its error
     * @return the delay (with jitter)
     */
    Duration delay(Retry retry, int attempt, Throwable error) {
        IntervalBiFunction<Object> f = config(retry).getIntervalBiFunction();
        Long millis = f.apply(attempt, Either.left(error));
        return Duration.ofMillis(millis == null ? 0 : Math.max(0, millis));
    }
}
