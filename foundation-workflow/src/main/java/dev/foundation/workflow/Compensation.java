package dev.foundation.workflow;

/**
 * Undoes a completed step when the instance fails permanently or is cancelled (saga). Compensations run
 * in reverse completion order, each checkpointed and retried with the step's {@link Retry}; like steps,
 * they are at-least-once, so make them idempotent ({@link StepContext#idempotencyKey()}).
 *
 * @param <I> the workflow's input type
 */
@FunctionalInterface
public interface Compensation<I> {

    /**
     * Undoes the step. The step's own output is available through {@link StepContext#output(String, Class)}.
     *
     * @param context the instance input, outputs and idempotency key
     * @throws Exception to fail this attempt
     */
    void compensate(StepContext<I> context) throws Exception;
}
