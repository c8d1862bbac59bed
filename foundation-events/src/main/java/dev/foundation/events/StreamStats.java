package dev.foundation.events;

import java.util.List;

/**
 * A point-in-time view of a stream.
 *
 * @param published     events stored since the stream was opened in this process
 * @param dropped       events discarded by {@link Overflow#DROP_NEWEST}
 * @param rejected      publishes refused with {@link BackpressureException}
 * @param startOffsets  per partition, the oldest offset still readable (retention or ring buffer)
 * @param endOffsets    per partition, the offset the next event will get
 * @param subscriptions live subscriptions, Flow subscribers and projections included
 */
public record StreamStats(long published, long dropped, long rejected, List<Long> startOffsets,
                          List<Long> endOffsets, int subscriptions) {

    /**
     * Copies the lists.
     *
     * @param published     events stored
     * @param dropped       events dropped
     * @param rejected      publishes refused
     * @param startOffsets  oldest readable offsets
     * @param endOffsets    next offsets
     * @param subscriptions live subscriptions
     */
    public StreamStats {
        startOffsets = List.copyOf(startOffsets);
        endOffsets = List.copyOf(endOffsets);
    }

    /**
     * The number of events readable now, over all partitions.
     *
     * @return the sum of {@code end - start}
     */
    public long retained() {
        long sum = 0;
        for (int i = 0; i < endOffsets.size(); i++) {
            sum += endOffsets.get(i) - startOffsets.get(i);
        }
        return sum;
    }
}
