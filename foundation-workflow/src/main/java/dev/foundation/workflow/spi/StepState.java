package dev.foundation.workflow.spi;

/** The durable state of a step's forward execution or of its compensation. */
public enum StepState {
    /** Not started (compensation: not needed or not yet begun). */
    NONE,
    /** An attempt has started and its result is not recorded yet. */
    RUNNING,
    /** An attempt failed and the next one is scheduled for a due time (a durable timer). */
    WAITING,
    /** Finished successfully. */
    COMPLETED,
    /** Failed permanently: no attempt left or the error was not retryable. */
    FAILED
}
