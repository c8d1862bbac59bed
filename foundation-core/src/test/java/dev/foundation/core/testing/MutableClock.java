package dev.foundation.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UTC clock that moves only when a test calls {@link #advance(Duration)}; thread-safe. Shared by the modules'
 * tests through foundation-core's {@code tests} artifact (test scope), so that no module keeps a copy.
 */
public final class MutableClock extends Clock {

    private final AtomicLong millis;

    /**
     * @param startMillis the first reading, in milliseconds since the epoch
     */
    public MutableClock(long startMillis) {
        this.millis = new AtomicLong(startMillis);
    }

    /**
     * @param start the first reading (millisecond precision)
     */
    public MutableClock(Instant start) {
        this(start.toEpochMilli());
    }

    /** Starts at 2023-11-14T22:13:20Z (1,700,000,000,000 ms). */
    public MutableClock() {
        this(1_700_000_000_000L);
    }

    /**
     * Moves the clock forward (or back, for a negative duration).
     *
     * @param d how far, at millisecond precision
     */
    public void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
