package dev.foundation.workflow;

/**
 * The body of a step. It returns the step's output (encoded and stored with the completion checkpoint;
 * {@code null} for none), or a {@link Branch} to choose which successors run. Throwing fails the attempt.
 *
 * <p>A step may run more than once (at-least-once: a retry, or a re-run after a crash between its start
 * and its completion checkpoint): make external effects idempotent with {@link StepContext#idempotencyKey()}.
 *
 * @param <I> the workflow's input type
 */
@FunctionalInterface
public interface StepFunction<I> {

    /**
     * Runs the step.
     *
     * @param context the instance input, earlier outputs and the idempotency key
     * @return the output, a {@link Branch}, or {@code null}
     * @throws Exception to fail this attempt (retried per the step's {@link Retry})
     */
    Object run(StepContext<I> context) throws Exception;
}
