package dev.foundation.events;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a stream keeps its events: {@link #memory()} (bounded ring buffers, lost with the process) or
 * {@link #disk(Path)} (a segmented, checksummed log per partition under {@code <dir>/<stream>/<partition>}).
 * Immutable: every setter returns a new instance.
 *
 * <pre>{@code
 * Persistence.disk(Path.of("data/events"))
 *     .fsync(FsyncPolicy.GROUP_COMMIT)
 *     .segmentSize(64 << 20)
 *     .retention(Duration.ofDays(7), 10L << 30)
 * }</pre>
 */
public final class Persistence {

    /** Default segment size: 64 MiB. */
    public static final long DEFAULT_SEGMENT_SIZE = 64L << 20;
    /** Largest segment size: 2 GiB - 1 bytes. */
    public static final long MAX_SEGMENT_SIZE = Integer.MAX_VALUE;
    /** Default interval for {@link FsyncPolicy#INTERVAL}. */
    public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofMillis(100);

    private static final Persistence MEMORY = new Persistence(null, FsyncPolicy.GROUP_COMMIT, DEFAULT_FSYNC_INTERVAL,
            DEFAULT_SEGMENT_SIZE, null, 0, false, FileChannelOpener.DEFAULT);

    /** The base directory, or {@code null} for memory. */
    private final Path directory;
    /** The fsync policy. */
    private final FsyncPolicy fsync;
    /** The interval for {@link FsyncPolicy#INTERVAL}. */
    private final Duration fsyncInterval;
    /** The segment size. */
    private final long segmentSize;
    /** Retention by age, or null. */
    private final Duration retentionAge;
    /** Retention by bytes per partition, or {@code <= 0}. */
    private final long retentionBytes;
    /** Whether to truncate corrupt logs. */
    private final boolean repairCorruption;
    /** Opens the segment files' channels. */
    private final FileChannelOpener channelOpener;

    private Persistence(Path directory, FsyncPolicy fsync, Duration fsyncInterval, long segmentSize,
                        Duration retentionAge, long retentionBytes, boolean repairCorruption,
                        FileChannelOpener channelOpener) {
        this.directory = directory;
        this.fsync = fsync;
        this.fsyncInterval = fsyncInterval;
        this.segmentSize = segmentSize;
        this.retentionAge = retentionAge;
        this.retentionBytes = retentionBytes;
        this.repairCorruption = repairCorruption;
        this.channelOpener = channelOpener;
    }

    /**
     * In memory: each partition is a ring buffer of {@link StreamSpec#bufferSize()} events.
     *
     * @return the memory persistence
     */
    public static Persistence memory() {
        return MEMORY;
    }

    /**
     * On disk under {@code directory}: the stream {@code orders} keeps partition 3 in
     * {@code directory/orders/3}. Defaults: {@link FsyncPolicy#GROUP_COMMIT}, 64 MiB segments, keep everything.
     *
     * @param directory the base directory (created if missing)
     * @return the disk persistence
     */
    public static Persistence disk(Path directory) {
        return new Persistence(Objects.requireNonNull(directory, "directory"), FsyncPolicy.GROUP_COMMIT,
                DEFAULT_FSYNC_INTERVAL, DEFAULT_SEGMENT_SIZE, null, 0, false, FileChannelOpener.DEFAULT);
    }

    /**
     * The fsync policy.
     *
     * @param policy the policy
     * @return a copy with the policy
     */
    public Persistence fsync(FsyncPolicy policy) {
        requireDisk("fsync");
        return new Persistence(directory, Objects.requireNonNull(policy, "policy"), fsyncInterval, segmentSize,
                retentionAge, retentionBytes, repairCorruption, channelOpener);
    }

    /**
     * The flush interval of {@link FsyncPolicy#INTERVAL} (and the policy itself).
     *
     * @param interval the interval, {@code > 0}
     * @return a copy with {@link FsyncPolicy#INTERVAL} and this interval
     */
    public Persistence fsyncInterval(Duration interval) {
        requireDisk("fsyncInterval");
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("fsyncInterval must be > 0 but was " + interval);
        }
        return new Persistence(directory, FsyncPolicy.INTERVAL, interval, segmentSize, retentionAge, retentionBytes,
                repairCorruption, channelOpener);
    }

    /**
     * The size at which a segment file is closed and a new one started.
     *
     * @param bytes the size, 4096 to {@value #MAX_SEGMENT_SIZE} (2 GiB - 1: positions in a segment's index are
     *              32-bit)
     * @return a copy with the size
     */
    public Persistence segmentSize(long bytes) {
        requireDisk("segmentSize");
        if (bytes < 4096 || bytes > MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segmentSize must be between 4096 and " + MAX_SEGMENT_SIZE
                    + " but was " + bytes);
        }
        return new Persistence(directory, fsync, fsyncInterval, bytes, retentionAge, retentionBytes,
                repairCorruption, channelOpener);
    }

    /**
     * Retention: closed segments whose newest event is older than {@code maxAge}, and the oldest closed
     * segments while a partition is larger than {@code maxBytes}, are deleted (never the active segment).
     *
     * @param maxAge   the longest age, or {@code null} to keep by age
     * @param maxBytes the largest size per partition, or {@code <= 0} to keep by size
     * @return a copy with the retention
     */
    public Persistence retention(Duration maxAge, long maxBytes) {
        requireDisk("retention");
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("retention maxAge must be > 0 or null but was " + maxAge);
        }
        return new Persistence(directory, fsync, fsyncInterval, segmentSize, maxAge, maxBytes, repairCorruption,
                channelOpener);
    }

    /**
     * Whether opening a log with a corrupt record before its tail truncates it at the last valid record
     * ({@code true}) or refuses with {@link CorruptedLogException} (the default, {@code false}).
     *
     * @param repair whether to repair
     * @return a copy with the option
     */
    public Persistence repairCorruption(boolean repair) {
        requireDisk("repairCorruption");
        return new Persistence(directory, fsync, fsyncInterval, segmentSize, retentionAge, retentionBytes, repair,
                channelOpener);
    }

    /**
     * How the partition logs open the {@link java.nio.channels.FileChannel}s of their segment files: a hook for
     * fault-injection tests (see {@link FileChannelOpener}), which can hand out channels that fail writes like
     * a full disk or fail {@code force} like a failing device. Applications leave the default,
     * {@link FileChannelOpener#DEFAULT}.
     *
     * @param opener opens segment file channels; must be thread-safe
     * @return a copy with the opener
     */
    public Persistence channelOpener(FileChannelOpener opener) {
        requireDisk("channelOpener");
        return new Persistence(directory, fsync, fsyncInterval, segmentSize, retentionAge, retentionBytes,
                repairCorruption, Objects.requireNonNull(opener, "opener"));
    }

    private void requireDisk(String what) {
        if (directory == null) {
            throw new IllegalStateException(what + " applies to disk persistence only: use Persistence.disk(dir)");
        }
    }

    /**
     * Whether this is disk persistence.
     *
     * @return {@code true} for {@link #disk(Path)}
     */
    public boolean durable() {
        return directory != null;
    }

    /**
     * The base directory.
     *
     * @return the directory, or {@code null} for memory
     */
    public Path directory() {
        return directory;
    }

    /**
     * The fsync policy.
     *
     * @return the policy
     */
    public FsyncPolicy fsync() {
        return fsync;
    }

    /**
     * The interval of {@link FsyncPolicy#INTERVAL}.
     *
     * @return the interval
     */
    public Duration fsyncInterval() {
        return fsyncInterval;
    }

    /**
     * The segment size.
     *
     * @return bytes
     */
    public long segmentSize() {
        return segmentSize;
    }

    /**
     * Retention by age.
     *
     * @return the age, or {@code null} to keep
     */
    public Duration retentionAge() {
        return retentionAge;
    }

    /**
     * Retention by size per partition.
     *
     * @return bytes, {@code <= 0} to keep
     */
    public long retentionBytes() {
        return retentionBytes;
    }

    /**
     * Whether corruption is repaired by truncation.
     *
     * @return the option
     */
    public boolean repairCorruption() {
        return repairCorruption;
    }

    /**
     * How segment file channels are opened.
     *
     * @return the opener, {@link FileChannelOpener#DEFAULT} unless a test set another
     */
    public FileChannelOpener channelOpener() {
        return channelOpener;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Persistence p && Objects.equals(directory, p.directory) && fsync == p.fsync
                && fsyncInterval.equals(p.fsyncInterval) && segmentSize == p.segmentSize
                && Objects.equals(retentionAge, p.retentionAge) && retentionBytes == p.retentionBytes
                && repairCorruption == p.repairCorruption && channelOpener.equals(p.channelOpener);
    }

    @Override
    public int hashCode() {
        return Objects.hash(directory, fsync, fsyncInterval, segmentSize, retentionAge, retentionBytes,
                repairCorruption, channelOpener);
    }

    @Override
    public String toString() {
        if (directory == null) {
            return "memory";
        }
        return "disk(" + directory + ", fsync=" + fsync
                + (fsync == FsyncPolicy.INTERVAL ? " every " + fsyncInterval : "") + ", segmentSize=" + segmentSize
                + ", retention=" + (retentionAge == null ? "keep" : retentionAge) + "/"
                + (retentionBytes <= 0 ? "keep" : retentionBytes + "B")
                + (channelOpener == FileChannelOpener.DEFAULT ? "" : ", channelOpener=" + channelOpener) + ")";
    }
}
