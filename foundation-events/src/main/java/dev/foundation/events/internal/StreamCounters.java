package dev.foundation.events.internal;

import java.util.concurrent.atomic.LongAdder;

/** The counters of one stream's refused and dropped publishes, shared by its partitions. */
final class StreamCounters {
    final LongAdder dropped = new LongAdder();
    final LongAdder rejected = new LongAdder();
}
