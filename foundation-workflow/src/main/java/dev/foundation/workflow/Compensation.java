package dev.foundation.workflow;

/**
 * Undoes a step when the instance fails permanently, times out or is cancelled (saga). By default it runs for
 * every step whose body started ({@link CompensateWhen#ATTEMPTED}), completed or not: first the attempted steps
 * that did not complete (in reverse topological order), then the completed ones in reverse completion order,
 * each checkpointed and retried with the step's {@link Retry}; like steps, they are at-least-once, so make them
 * idempotent ({@link StepContext#idempotencyKey()}), and look up what an uncompleted step did with
 * {@link StepContext#stepIdempotencyKey()}.
 *
 * @param <I> the workflow's input type
 */
@FunctionalInterface
public interface Compensation<I> {

    /**
     * Undoes the step. A completed step's output is available through {@link StepContext#output(String, Class)};
     * {@link StepContext#findOutput} is empty for a step that did not complete.
     *
     * @param context the instance input, outputs and idempotency key
     * @throws Exception to fail this attempt
     */
    void compensate(StepContext<I> context) throws Exception;
}
