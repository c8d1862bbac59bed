package dev.foundation.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the in-memory tier (Caffeine, bounded by entry count, Window TinyLFU eviction).
 *
 * <pre>{@code
 * L1.maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5))
 * }</pre>
 * Immutable: every method returns a new instance.
 */
public final class L1 {

    private final long maximumSize;
    private final Duration expireAfterWrite;

    private L1(long maximumSize, Duration expireAfterWrite) {
        this.maximumSize = maximumSize;
        this.expireAfterWrite = expireAfterWrite;
    }

    /**
     * An in-memory tier holding at most {@code maximumSize} entries.
     *
     * @param maximumSize the bound, {@code > 0}
     * @return the configuration
     */
    public static L1 maximumSize(long maximumSize) {
        if (maximumSize <= 0) {
            throw new IllegalArgumentException("maximumSize must be > 0 but was " + maximumSize);
        }
        return new L1(maximumSize, null);
    }

    /**
     * Drops entries from this tier this long after they were written into it. It only shortens an entry's
     * life: an entry never outlives its own absolute expiry, see {@link TieredCacheBuilder#expireAfterWrite}.
     *
     * @param ttl the time to live in this tier, {@code > 0}
     * @return a new configuration
     */
    public L1 expireAfterWrite(Duration ttl) {
        return new L1(maximumSize, TieredCacheBuilder.positive("expireAfterWrite", ttl));
    }

    /**
     * The entry-count bound.
     *
     * @return the maximum size
     */
    public long maximumSize() {
        return maximumSize;
    }

    /**
     * The tier's own time to live, or {@code null} if only the entry's expiry applies.
     *
     * @return the TTL or {@code null}
     */
    public Duration expireAfterWrite() {
        return expireAfterWrite;
    }

    @Override
    public String toString() {
        return "L1[maximumSize=" + maximumSize + ", expireAfterWrite=" + Objects.toString(expireAfterWrite, "-") + "]";
    }
}
