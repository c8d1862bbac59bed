package dev.foundation.analytics.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.concurrent.TimeUnit;

/**
 * Reads one meter at each tick into its series' ring: counters as increases since the previous tick, timers and
 * summaries as the records since the previous tick (plus the meter's max and percentiles), everything else as a
 * sample. The first reading of a cumulative meter is its baseline and writes no interval.
 */
final class MeterSampler {

    private final Meter meter;
    private final WindowRing.Kind kind;
    private final boolean percentiles;
    private boolean baseline;
    private double previousCount;
    private double previousTotal;

    MeterSampler(Meter meter, boolean percentiles) {
        this.meter = meter;
        this.kind = kindOf(meter);
        this.percentiles = percentiles;
    }

    static WindowRing.Kind kindOf(Meter meter) {
        if (meter instanceof Counter || meter instanceof FunctionCounter) {
            return WindowRing.Kind.COUNTER;
        }
        if (meter instanceof Timer || meter instanceof DistributionSummary || meter instanceof FunctionTimer) {
            return WindowRing.Kind.DISTRIBUTION;
        }
        return WindowRing.Kind.GAUGE;
    }

    WindowRing.Kind kind() {
        return kind;
    }

    Meter meter() {
        return meter;
    }

    /** Reads the meter and writes the tick's interval, if it has one. */
    void sample(long tick, WindowRing ring) {
        switch (kind) {
            case COUNTER: {
                double now = meter instanceof Counter ? ((Counter) meter).count() : ((FunctionCounter) meter).count();
                if (baseline) {
                    double increase = now >= previousCount ? now - previousCount : now; // a reset starts again from 0
                    ring.putIncrease(tick, increase);
                }
                previousCount = now;
                baseline = true;
                return;
            }
            case DISTRIBUTION:
                sampleDistribution(tick, ring);
                return;
            default:
                double value = gaugeValue();
                if (!Double.isNaN(value)) {
                    ring.putSample(tick, value);
                }
        }
    }

    private void sampleDistribution(long tick, WindowRing ring) {
        double count;
        double total;
        double max = Double.NaN;
        HistogramSnapshot snapshot = null;
        if (meter instanceof Timer) {
            Timer t = (Timer) meter;
            count = t.count();
            total = t.totalTime(TimeUnit.SECONDS);
            max = t.max(TimeUnit.SECONDS);
            snapshot = percentiles ? t.takeSnapshot() : null;
        } else if (meter instanceof DistributionSummary) {
            DistributionSummary s = (DistributionSummary) meter;
            count = s.count();
            total = s.totalAmount();
            max = s.max();
            snapshot = percentiles ? s.takeSnapshot() : null;
        } else {
            FunctionTimer f = (FunctionTimer) meter;
            count = f.count();
            total = f.totalTime(TimeUnit.SECONDS);
        }
        if (baseline) {
            boolean reset = count < previousCount;
            double c = reset ? count : count - previousCount;
            double s = reset ? total : total - previousTotal;
            boolean any = c > 0;
            boolean timer = meter instanceof Timer;
            ring.put(tick, c, s, any ? max : Double.NaN, Double.NaN, any ? s / c : Double.NaN,
                    percentile(snapshot, 0.5, timer), percentile(snapshot, 0.95, timer), percentile(snapshot, 0.99, timer));
        }
        previousCount = count;
        previousTotal = total;
        baseline = true;
    }

    /** A percentile the meter publishes, else one read off its histogram's buckets (upper bound), else NaN. */
    static double percentile(HistogramSnapshot snapshot, double p, boolean timer) {
        if (snapshot == null) {
            return Double.NaN;
        }
        for (ValueAtPercentile v : snapshot.percentileValues()) {
            if (Math.abs(v.percentile() - p) < 1e-9) {
                return timer ? v.value(TimeUnit.SECONDS) : v.value();
            }
        }
        CountAtBucket[] buckets = snapshot.histogramCounts();
        if (buckets.length == 0) {
            return Double.NaN;
        }
        double total = buckets[buckets.length - 1].count();
        if (total <= 0) {
            return Double.NaN;
        }
        double wanted = p * total;
        for (CountAtBucket b : buckets) {
            if (b.count() >= wanted) {
                return timer ? b.bucket(TimeUnit.SECONDS) : b.bucket();
            }
        }
        return Double.NaN;
    }

    private double gaugeValue() {
        if (meter instanceof TimeGauge) {
            return ((TimeGauge) meter).value(TimeUnit.SECONDS);
        }
        if (meter instanceof Gauge) {
            return ((Gauge) meter).value();
        }
        if (meter instanceof LongTaskTimer) {
            return ((LongTaskTimer) meter).activeTasks();
        }
        for (Measurement m : meter.measure()) {
            return m.getValue();
        }
        return Double.NaN;
    }
}
