package dev.foundation.workflow;

/**
 * Which steps with a compensation are compensated when an instance fails, times out or is cancelled.
 */
public enum CompensateWhen {

    /**
     * The default: every step whose body started at least once, completed or not. A step that failed for good or
     * timed out may still have had its effect (a charge made, then a timeout before the answer), so its
     * compensation runs too, the way a saga registers the compensation before the action. Such a compensation
     * finds no output ({@link StepContext#findOutput}) when the step did not complete: look the effect up with
     * {@link StepContext#stepIdempotencyKey()}, the key the step's attempts passed to the external system.
     */
    ATTEMPTED,

    /** Only steps that completed (their output is stored). */
    COMPLETED
}
