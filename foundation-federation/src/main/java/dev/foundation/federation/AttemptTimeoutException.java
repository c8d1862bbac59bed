package dev.foundation.federation;

import java.time.Duration;

/**
 * One attempt ran longer than the federation's {@link FederationBuilder#attemptTimeout attempt timeout}. It is
 * counted as a failure of the pool (breaker, outlier ejection, meters) and, for an idempotent call, retried on
 * another pool. The attempt's thread is interrupted; the pool's capacity stays taken until it really returns.
 */
public class AttemptTimeoutException extends FederationException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param pool    the pool whose attempt timed out
     * @param timeout the timeout that passed
     */
    public AttemptTimeoutException(String pool, Duration timeout) {
        super("call on pool '" + pool + "' did not return within " + timeout, null);
    }
}
