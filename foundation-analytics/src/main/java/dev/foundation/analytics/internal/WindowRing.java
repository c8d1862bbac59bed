package dev.foundation.analytics.internal;

import dev.foundation.analytics.Aggregate;
import java.util.Arrays;

/**
 * A bounded ring of one series' intervals, one slot per tick, and the aggregates over any span of it.
 *
 * <p>Each interval holds a count, a sum, a maximum, a minimum, a last value and three sampled percentiles; what
 * they mean depends on the series' {@link Kind} (see {@link Aggregate}). A slot remembers its tick, so a span
 * never reads an interval that was overwritten or never written (a tick with no data is simply absent). Memory is
 * fixed at construction: {@code capacity * 72} bytes plus the arrays' headers.
 */
public final class WindowRing {

    /** What one series measures, which decides how its intervals are read. */
    public enum Kind {
        /** Increments: count = sum = max = min = last = the increase in the interval. */
        COUNTER,
        /** Records of a timer or summary: count, total, the meter's max, sampled percentiles; no min. */
        DISTRIBUTION,
        /** Samples: count = 1, and sum = max = min = last = the sample. */
        GAUGE
    }

    private static final long EMPTY = Long.MIN_VALUE;

    private final Kind kind;
    private final long[] ticks;
    private final double[] count;
    private final double[] sum;
    private final double[] max;
    private final double[] min;
    private final double[] last;
    private final double[] p50;
    private final double[] p95;
    private final double[] p99;
    private long newest = EMPTY;

    /**
     * Creates a ring.
     *
     * @param kind     what the series measures
     * @param capacity how many ticks it keeps, {@code >= 1}
     */
    public WindowRing(Kind kind, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
        }
        this.kind = kind;
        this.ticks = new long[capacity];
        Arrays.fill(ticks, EMPTY);
        this.count = new double[capacity];
        this.sum = new double[capacity];
        this.max = new double[capacity];
        this.min = new double[capacity];
        this.last = new double[capacity];
        this.p50 = new double[capacity];
        this.p95 = new double[capacity];
        this.p99 = new double[capacity];
    }

    /** @return what the series measures */
    public Kind kind() {
        return kind;
    }

    /** @return how many ticks it keeps */
    public int capacity() {
        return ticks.length;
    }

    /**
     * Writes the interval of a tick (replacing whatever the slot held).
     *
     * @param tick  the tick's index
     * @param c     count
     * @param s     sum
     * @param mx    maximum (NaN if unknown)
     * @param mn    minimum (NaN if unknown)
     * @param lst   last value (NaN if none)
     * @param q50   sampled median (NaN if none)
     * @param q95   sampled 95th percentile (NaN if none)
     * @param q99   sampled 99th percentile (NaN if none)
     */
    public void put(long tick, double c, double s, double mx, double mn, double lst, double q50, double q95, double q99) {
        int i = (int) Math.floorMod(tick, (long) ticks.length);
        newest = Math.max(newest, tick);
        ticks[i] = tick;
        count[i] = c;
        sum[i] = s;
        max[i] = mx;
        min[i] = mn;
        last[i] = lst;
        p50[i] = q50;
        p95[i] = q95;
        p99[i] = q99;
    }

    /**
     * Writes a gauge sample.
     *
     * @param tick  the tick
     * @param value the sample
     */
    public void putSample(long tick, double value) {
        put(tick, 1, value, value, value, value, value, value, value);
    }

    /**
     * Writes a counter's increase.
     *
     * @param tick     the tick
     * @param increase the increase since the previous tick
     */
    public void putIncrease(long tick, double increase) {
        put(tick, increase, increase, increase, increase, increase, Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * An aggregate over the ticks in {@code (fromExclusive, toInclusive]} that the ring still holds: those among the
     * last {@code capacity} ticks up to the newest one written.
     *
     * @param aggregate     the aggregate
     * @param fromExclusive the tick before the span
     * @param toInclusive   the span's last tick
     * @param spanSeconds   the span's length in seconds (for {@link Aggregate#RATE})
     * @return the value, NaN when the span holds no interval (COUNT, SUM and RATE are then 0)
     */
    public double aggregate(Aggregate aggregate, long fromExclusive, long toInclusive, double spanSeconds) {
        if (newest == EMPTY) {
            return aggregate == Aggregate.COUNT || aggregate == Aggregate.SUM || aggregate == Aggregate.RATE
                    ? (aggregate == Aggregate.RATE && spanSeconds <= 0 ? Double.NaN : 0) : Double.NaN;
        }
        // the ring holds the last `capacity` ticks up to the newest written; older slots are expired even if intact
        long first = Math.max(fromExclusive + 1, newest - ticks.length + 1);
        int n = 0;
        double c = 0;
        double s = 0;
        double mx = Double.NaN;
        double mn = Double.NaN;
        double lst = Double.NaN;
        double[] sampled = null;
        double[] values = null;
        int nValues = 0;
        boolean percentile = !Double.isNaN(aggregate.percentile());
        for (long t = first; t <= toInclusive; t++) {
            int i = (int) Math.floorMod(t, (long) ticks.length);
            if (ticks[i] != t) {
                continue;
            }
            n++;
            c += count[i];
            s += sum[i];
            mx = maxIgnoringNaN(mx, max[i]);
            mn = minIgnoringNaN(mn, min[i]);
            lst = last[i];
            if (percentile) {
                if (kind == Kind.DISTRIBUTION) {
                    if (sampled == null) {
                        sampled = new double[1];
                        sampled[0] = Double.NaN;
                    }
                    double[] p = aggregate == Aggregate.P50 ? p50 : aggregate == Aggregate.P95 ? p95 : p99;
                    sampled[0] = maxIgnoringNaN(sampled[0], p[i]);
                } else if (!Double.isNaN(last[i])) {
                    if (values == null) {
                        values = new double[(int) Math.min(ticks.length, toInclusive - first + 1)];
                    }
                    values[nValues++] = last[i];
                }
            }
        }
        switch (aggregate) {
            case COUNT: return c;
            case SUM: return s;
            case RATE: return spanSeconds > 0 ? c / spanSeconds : Double.NaN;
            case AVG:
                if (kind == Kind.COUNTER) {
                    return n == 0 ? Double.NaN : s / n;
                }
                return c == 0 ? Double.NaN : s / c;
            case MAX: return mx;
            case MIN: return mn;
            case LAST:
                if (kind == Kind.DISTRIBUTION) {
                    return Double.isNaN(lst) ? Double.NaN : lst;
                }
                return lst;
            default:
                if (kind == Kind.DISTRIBUTION) {
                    return sampled == null ? Double.NaN : sampled[0];
                }
                return nearestRank(values, nValues, aggregate.percentile());
        }
    }

    /**
     * The nearest-rank percentile of the first {@code n} values (sorted in place).
     *
     * @param values the values
     * @param n      how many
     * @param p      the percentile in (0, 1]
     * @return the value of rank {@code ceil(p * n)}, NaN for no values
     */
    static double nearestRank(double[] values, int n, double p) {
        if (values == null || n == 0) {
            return Double.NaN;
        }
        Arrays.sort(values, 0, n);
        int rank = (int) Math.ceil(p * n);
        return values[Math.max(0, Math.min(n, rank) - 1)];
    }

    private static double maxIgnoringNaN(double a, double b) {
        if (Double.isNaN(a)) {
            return b;
        }
        return Double.isNaN(b) ? a : Math.max(a, b);
    }

    private static double minIgnoringNaN(double a, double b) {
        if (Double.isNaN(a)) {
            return b;
        }
        return Double.isNaN(b) ? a : Math.min(a, b);
    }
}
