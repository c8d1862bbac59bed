package dev.foundation.cache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the local disk tier: one embedded SQLite database file per cache
 * ({@code <directory>/<cache name>.db}) in WAL mode, bounded by the bytes of its keys and values, evicting
 * expired entries first and then the least recently read ones. Its content survives restarts.
 *
 * <pre>{@code
 * L2.disk(dir).maximumBytes(DataSize.ofMegabytes(512)).expireAfterWrite(Duration.ofHours(1))
 * }</pre>
 * Immutable: every method returns a new instance.
 */
public final class L2 {

    /** The default bound: 256 MiB of keys and values. */
    public static final DataSize DEFAULT_MAXIMUM_BYTES = DataSize.ofMegabytes(256);

    private final Path directory;
    private final DataSize maximumBytes;
    private final Duration expireAfterWrite;

    private L2(Path directory, DataSize maximumBytes, Duration expireAfterWrite) {
        this.directory = directory;
        this.maximumBytes = maximumBytes;
        this.expireAfterWrite = expireAfterWrite;
    }

    /**
     * A disk tier in the given directory (created if missing).
     *
     * @param directory the directory holding the database file
     * @return the configuration
     */
    public static L2 disk(Path directory) {
        return new L2(Objects.requireNonNull(directory, "directory"), DEFAULT_MAXIMUM_BYTES, null);
    }

    /**
     * Bounds the bytes of keys and values stored (the file itself is somewhat larger: pages, indexes).
     *
     * @param maximumBytes the bound, {@code > 0}
     * @return a new configuration
     */
    public L2 maximumBytes(DataSize maximumBytes) {
        Objects.requireNonNull(maximumBytes, "maximumBytes");
        if (maximumBytes.bytes() <= 0) {
            throw new IllegalArgumentException("maximumBytes must be > 0 but was " + maximumBytes.bytes());
        }
        return new L2(directory, maximumBytes, expireAfterWrite);
    }

    /**
     * Drops entries from this tier this long after they were written into it (only shortens their life).
     *
     * @param ttl the time to live in this tier, {@code > 0}
     * @return a new configuration
     */
    public L2 expireAfterWrite(Duration ttl) {
        return new L2(directory, maximumBytes, TieredCacheBuilder.positive("expireAfterWrite", ttl));
    }

    /**
     * The directory.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * The byte bound.
     *
     * @return the bound
     */
    public DataSize maximumBytes() {
        return maximumBytes;
    }

    /**
     * The tier's own time to live, or {@code null}.
     *
     * @return the TTL or {@code null}
     */
    public Duration expireAfterWrite() {
        return expireAfterWrite;
    }

    @Override
    public String toString() {
        return "L2[directory=" + directory + ", maximumBytes=" + maximumBytes.bytes()
                + ", expireAfterWrite=" + Objects.toString(expireAfterWrite, "-") + "]";
    }
}
