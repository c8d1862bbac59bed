package dev.foundation.events.internal.log;

import dev.foundation.events.CorruptedLogException;
import dev.foundation.events.FsyncPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable configuration of a {@link PartitionLog}. Every component is validated when the record is built.
 *
 * @param segmentBytes       maximum size of a segment file in bytes, header included; a new segment is started
 *                           when the next record would not fit ({@value #MIN_SEGMENT_BYTES} to
 *                           {@value #MAX_SEGMENT_BYTES})
 * @param indexIntervalBytes a sparse index entry is written at most every this many bytes of records
 *                           (&gt; 0); smaller means faster seeks and more memory
 * @param fsync              when appended records are forced to disk, see {@link FsyncPolicy}
 * @param fsyncInterval      period of the background force for {@link FsyncPolicy#INTERVAL} (&gt; 0); ignored
 *                           by the other policies but still validated
 * @param retentionAge       closed segments whose newest record is older than this are deleted by
 *                           {@link PartitionLog#applyRetention()}; {@code null} keeps them regardless of age
 * @param retentionBytes     oldest closed segments are deleted while the log is larger than this many bytes;
 *                           {@code <= 0} keeps them regardless of size
 * @param repairCorruption   {@code false} (default): opening a log with a corrupt record in a closed segment fails
 *                           with {@link CorruptedLogException}; {@code true}: the log is truncated at the last
 *                           valid record (later segments are deleted) and a warning is logged
 * @param clock              the clock retention compares segment timestamps with
 */
public record LogConfig(long segmentBytes, int indexIntervalBytes, FsyncPolicy fsync, Duration fsyncInterval,
                        Duration retentionAge, long retentionBytes, boolean repairCorruption, Clock clock) {

    /** Smallest accepted {@link #segmentBytes()}. */
    public static final long MIN_SEGMENT_BYTES = 128;
    /** Largest accepted {@link #segmentBytes()} (positions in the index are 32-bit). */
    public static final long MAX_SEGMENT_BYTES = Integer.MAX_VALUE;
    /** Default {@link #segmentBytes()}: 64 MiB. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    /** Default {@link #indexIntervalBytes()}: 4 KiB. */
    public static final int DEFAULT_INDEX_INTERVAL_BYTES = 4096;
    /** Default {@link #fsyncInterval()}: 1 second. */
    public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofSeconds(1);

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if a component is out of range
     * @throws NullPointerException     if {@code fsync}, {@code fsyncInterval} or {@code clock} is null
     */
    public LogConfig {
        if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be between " + MIN_SEGMENT_BYTES + " and "
                    + MAX_SEGMENT_BYTES + " but was " + segmentBytes);
        }
        if (indexIntervalBytes <= 0) {
            throw new IllegalArgumentException("indexIntervalBytes must be > 0 but was " + indexIntervalBytes);
        }
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(fsyncInterval, "fsyncInterval");
        if (fsyncInterval.isZero() || fsyncInterval.isNegative()) {
            throw new IllegalArgumentException("fsyncInterval must be > 0 but was " + fsyncInterval);
        }
        if (retentionAge != null && retentionAge.isNegative()) {
            throw new IllegalArgumentException("retentionAge must be >= 0 or null but was " + retentionAge);
        }
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * Returns the defaults: 64 MiB segments, an index entry every 4 KiB, {@link FsyncPolicy#GROUP_COMMIT},
     * a 1 s interval (used by {@link FsyncPolicy#INTERVAL} only), no retention, corruption fails the open,
     * the system UTC clock.
     *
     * @return the default configuration
     */
    public static LogConfig defaults() {
        return new LogConfig(DEFAULT_SEGMENT_BYTES, DEFAULT_INDEX_INTERVAL_BYTES, FsyncPolicy.GROUP_COMMIT,
                DEFAULT_FSYNC_INTERVAL, null, 0, false, Clock.systemUTC());
    }

    /**
     * Returns a copy with another segment size.
     *
     * @param bytes the new {@link #segmentBytes()}
     * @return a new configuration
     */
    public LogConfig withSegmentBytes(long bytes) {
        return new LogConfig(bytes, indexIntervalBytes, fsync, fsyncInterval, retentionAge, retentionBytes,
                repairCorruption, clock);
    }

    /**
     * Returns a copy with another index interval.
     *
     * @param bytes the new {@link #indexIntervalBytes()}
     * @return a new configuration
     */
    public LogConfig withIndexIntervalBytes(int bytes) {
        return new LogConfig(segmentBytes, bytes, fsync, fsyncInterval, retentionAge, retentionBytes,
                repairCorruption, clock);
    }

    /**
     * Returns a copy with another fsync policy.
     *
     * @param policy the new {@link #fsync()}
     * @return a new configuration
     */
    public LogConfig withFsync(FsyncPolicy policy) {
        return new LogConfig(segmentBytes, indexIntervalBytes, policy, fsyncInterval, retentionAge, retentionBytes,
                repairCorruption, clock);
    }

    /**
     * Returns a copy with another fsync interval.
     *
     * @param interval the new {@link #fsyncInterval()}
     * @return a new configuration
     */
    public LogConfig withFsyncInterval(Duration interval) {
        return new LogConfig(segmentBytes, indexIntervalBytes, fsync, interval, retentionAge, retentionBytes,
                repairCorruption, clock);
    }

    /**
     * Returns a copy with another retention age.
     *
     * @param age the new {@link #retentionAge()}, {@code null} to keep segments regardless of age
     * @return a new configuration
     */
    public LogConfig withRetentionAge(Duration age) {
        return new LogConfig(segmentBytes, indexIntervalBytes, fsync, fsyncInterval, age, retentionBytes,
                repairCorruption, clock);
    }

    /**
     * Returns a copy with another retention size.
     *
     * @param bytes the new {@link #retentionBytes()}, {@code <= 0} to keep segments regardless of size
     * @return a new configuration
     */
    public LogConfig withRetentionBytes(long bytes) {
        return new LogConfig(segmentBytes, indexIntervalBytes, fsync, fsyncInterval, retentionAge, bytes,
                repairCorruption, clock);
    }

    /**
     * Returns a copy with corruption repair switched on or off.
     *
     * @param repair the new {@link #repairCorruption()}
     * @return a new configuration
     */
    public LogConfig withRepairCorruption(boolean repair) {
        return new LogConfig(segmentBytes, indexIntervalBytes, fsync, fsyncInterval, retentionAge, retentionBytes,
                repair, clock);
    }

    /**
     * Returns a copy with another clock.
     *
     * @param newClock the new {@link #clock()}
     * @return a new configuration
     */
    public LogConfig withClock(Clock newClock) {
        return new LogConfig(segmentBytes, indexIntervalBytes, fsync, fsyncInterval, retentionAge, retentionBytes,
                repairCorruption, newClock);
    }
}
