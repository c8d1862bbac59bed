package dev.foundation.events;

/**
 * When a durable stream forces its appends to the storage device, and so when
 * {@link EventStream#publish(Object)} completes.
 */
public enum FsyncPolicy {
    /**
     * Every publish is forced to the device before its receipt completes; concurrent publishes share one
     * {@code force} (group commit). An acknowledged event survives a process crash and a power loss.
     */
    GROUP_COMMIT,
    /**
     * A receipt completes once the event is written to the operating system; a background timer forces the
     * log every {@link Persistence#fsyncInterval(java.time.Duration)} when something was written since the
     * last force. An acknowledged event survives a process crash; a power loss or kernel crash can lose the
     * events acknowledged during the last interval (plus the duration of the force that was running).
     */
    INTERVAL,
    /**
     * Appends are never forced: a receipt completes once the event is written to the operating system's
     * page cache; the log is forced only when the stream closes. An acknowledged event survives a process
     * crash; a power loss or kernel crash can lose whatever the kernel had not yet written back (on Linux
     * typically up to 30 seconds). Recovery always yields a valid prefix of the log.
     */
    NEVER
}
