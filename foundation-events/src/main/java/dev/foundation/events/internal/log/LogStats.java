package dev.foundation.events.internal.log;

/**
 * A point-in-time view of a {@link PartitionLog}'s size and offsets, suitable for gauges.
 *
 * @param bytes            total size of the segment files in bytes
 * @param segments         number of segment files, the active one included
 * @param startOffset      earliest retained offset
 * @param endOffset        next offset to be assigned
 * @param durableEndOffset records below this offset are acknowledged and readable
 * @param forcedEndOffset  records below this offset have been forced to disk
 */
public record LogStats(long bytes, int segments, long startOffset, long endOffset, long durableEndOffset,
                       long forcedEndOffset) {
}
