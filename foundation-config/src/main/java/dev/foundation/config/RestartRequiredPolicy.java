package dev.foundation.config;

/** What a reload does when it changes a {@link RestartRequired} component. */
public enum RestartRequiredPolicy {
    /** Reject the whole reload (the default): the running configuration stays as it was. */
    REJECT,
    /**
     * Apply every other change and keep the current value of restart-only components; the skipped keys are
     * listed in {@link Snapshot#pendingRestart()} and logged.
     */
    KEEP_CURRENT
}
