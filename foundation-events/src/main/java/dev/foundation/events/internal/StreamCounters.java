package dev.foundation.events.internal;

import java.util.concurrent.atomic.LongAdder;

/** The counters of one stream, shared by its partitions. */
final class StreamCounters {
    final LongAdder published = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder rejected = new LongAdder();
}
