package dev.foundation.analytics;

import java.time.Duration;
import java.util.Objects;

/**
 * The span of time an aggregate covers.
 *
 * <ul>
 *   <li>{@link #sliding(Duration)}: at every tick, the last {@code size} of intervals, ending at that tick;</li>
 *   <li>{@link #tumbling(Duration)}: fixed, non-overlapping spans aligned to the epoch ({@code [k*size, (k+1)*size)}),
 *       each reported once, at the first tick at or after its end, and only if the pipeline saw it whole.</li>
 * </ul>
 * A window's size must be a whole multiple of the analytics resolution (the tick interval).
 */
public final class Window {

    private final Duration size;
    private final boolean tumbling;

    private Window(Duration size, boolean tumbling) {
        Objects.requireNonNull(size, "size");
        if (size.isNegative() || size.isZero()) {
            throw new IllegalArgumentException("window size must be > 0 but was " + size);
        }
        if (size.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("window size must be <= 7 days but was " + size);
        }
        this.size = size;
        this.tumbling = tumbling;
    }

    /**
     * A window that slides with every tick.
     *
     * @param size how far back it reaches, {@code > 0}, at most 7 days
     * @return the window
     */
    public static Window sliding(Duration size) {
        return new Window(size, false);
    }

    /**
     * A window of fixed spans aligned to the epoch, each reported once.
     *
     * @param size the span, {@code > 0}, at most 7 days
     * @return the window
     */
    public static Window tumbling(Duration size) {
        return new Window(size, true);
    }

    /**
     * The span the window covers.
     *
     * @return the size
     */
    public Duration size() {
        return size;
    }

    /**
     * Whether the window tumbles (fixed spans) rather than slides.
     *
     * @return {@code true} for a tumbling window
     */
    public boolean isTumbling() {
        return tumbling;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Window && ((Window) o).size.equals(size) && ((Window) o).tumbling == tumbling;
    }

    @Override
    public int hashCode() {
        return size.hashCode() * 31 + (tumbling ? 1 : 0);
    }

    @Override
    public String toString() {
        return (tumbling ? "tumbling(" : "sliding(") + size + ")";
    }
}
