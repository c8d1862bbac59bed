package dev.foundation.events.internal.log;

/**
 * When a {@link PartitionLog} forces appended records to stable storage, and therefore what an acknowledged
 * append (a completed {@link PartitionLog#append} future) survives.
 *
 * <p>Every policy survives a crash of the JVM process alone (kill -9, OOM, {@code System.exit}): once the
 * future completes the record has been handed to the operating system with {@code write(2)}, and the kernel
 * writes its page cache out even if the process dies. The policies differ in what survives a crash of the
 * operating system or a power loss.
 */
public enum FsyncPolicy {
    /**
     * Group commit: an append completes only after a {@code FileChannel.force} that covers it has returned.
     * Appends that arrive while a force is running are written together and share the next force, so the
     * number of forces per second is bounded by the device, not by the number of appenders. An acknowledged
     * record survives a process crash, an operating system crash and a power loss (as far as the device
     * honours flush requests).
     */
    EVERY_APPEND,
    /**
     * An append completes as soon as the record is written to the operating system; a background timer forces
     * the active segment every {@link LogConfig#fsyncInterval()} when something was written since the last
     * force (the writer thread runs the timer, so a long batch can delay it by that batch's write time), and
     * segments are forced when they are rolled and when the log is closed. A process crash loses nothing
     * acknowledged; an operating system crash or power loss can lose the records acknowledged since the last
     * completed force: at most about one interval plus the duration of one force.
     */
    INTERVAL,
    /**
     * An append completes as soon as the record is written to the operating system; the log forces only when it
     * rolls a segment (once per {@link LogConfig#segmentBytes()}) and when it is closed. A process crash loses
     * nothing acknowledged; an operating system crash or power loss can lose the acknowledged records of the
     * active segment that the kernel had not yet written back (on Linux typically up to 30 seconds of appends).
     * Closed segments are complete on disk, so recovery yields a valid prefix of the log.
     */
    NEVER
}
