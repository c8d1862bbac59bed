package dev.foundation.workflow;

/**
 * A marker for exceptions a step throws that must never be retried, whatever the step's {@link Retry}
 * says: the step fails permanently at once (and compensation starts). Implement it on your own exception
 * types, or throw {@link NonRetryableException}.
 */
public interface NonRetryable {
}
