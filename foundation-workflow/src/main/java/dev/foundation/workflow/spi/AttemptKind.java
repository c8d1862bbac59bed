package dev.foundation.workflow.spi;

/** Whether an attempt runs a step forward or compensates it. */
public enum AttemptKind {
    /** The step's function. */
    STEP,
    /** The step's compensation. */
    COMPENSATION
}
