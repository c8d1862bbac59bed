package dev.foundation.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.analytics.Aggregate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A ring's aggregate over any span equals a brute-force recomputation from the list of every interval written,
 * keeping only those the ring can still hold (its last {@code capacity} ticks) and that fall in the span.
 */
class WindowRingProperties {

    /** One interval as written. */
    record Written(long tick, double count, double sum, double max, double last, double p95) {
    }

    @Property(tries = 400)
    void aggregate_equalsBruteForce_overAnySpan(@ForAll("intervals") List<Written> writes,
                                                 @ForAll WindowRing.Kind kind,
                                                 @ForAll @IntRange(min = 1, max = 40) int capacity,
                                                 @ForAll @IntRange(min = 1, max = 60) int span,
                                                 @ForAll @IntRange(min = 0, max = 10) int endBack,
                                                 @ForAll Aggregate aggregate) {
        WindowRing ring = new WindowRing(kind, capacity);
        List<Written> kept = new ArrayList<>();
        long tick = 0;
        for (Written w : writes) {
            tick += w.tick(); // gaps of 1..3 ticks: some ticks have no interval
            Written at = new Written(tick, w.count(), w.sum(), w.max(), w.last(), w.p95());
            write(ring, kind, at);
            kept.add(at);
        }
        long newest = tick;
        long to = newest - endBack;
        long from = to - span;
        double seconds = span * 5.0;
        List<Written> inSpan = kept.stream()
                .filter(w -> w.tick() > from && w.tick() <= to && w.tick() > newest - capacity)
                .map(w -> normalised(kind, w))
                .sorted(Comparator.comparingLong(Written::tick))
                .collect(Collectors.toList());
        double expected = bruteForce(kind, aggregate, inSpan, seconds);
        double actual = ring.aggregate(aggregate, from, to, seconds);
        if (Double.isNaN(expected)) {
            assertThat(actual).as("%s over %s", aggregate, inSpan).isNaN();
        } else {
            assertThat(actual).as("%s over %s", aggregate, inSpan).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    private static void write(WindowRing ring, WindowRing.Kind kind, Written w) {
        switch (kind) {
            case GAUGE: ring.putSample(w.tick(), w.last()); break;
            case COUNTER: ring.putIncrease(w.tick(), w.count()); break;
            default:
                double mean = w.count() > 0 ? w.sum() / w.count() : Double.NaN;
                ring.put(w.tick(), w.count(), w.sum(), w.count() > 0 ? w.max() : Double.NaN, Double.NaN, mean,
                        Double.NaN, w.p95(), Double.NaN);
        }
    }

    /** What each kind's interval means, written out independently of the ring. */
    private static Written normalised(WindowRing.Kind kind, Written w) {
        switch (kind) {
            case GAUGE: return new Written(w.tick(), 1, w.last(), w.last(), w.last(), w.last());
            case COUNTER: return new Written(w.tick(), w.count(), w.count(), w.count(), w.count(), w.count());
            default:
                return new Written(w.tick(), w.count(), w.sum(), w.count() > 0 ? w.max() : Double.NaN,
                        w.count() > 0 ? w.sum() / w.count() : Double.NaN, w.p95());
        }
    }

    private static double bruteForce(WindowRing.Kind kind, Aggregate a, List<Written> in, double seconds) {
        double count = in.stream().mapToDouble(Written::count).sum();
        double sum = in.stream().mapToDouble(Written::sum).sum();
        switch (a) {
            case COUNT: return count;
            case SUM: return sum;
            case RATE: return count / seconds;
            case AVG:
                if (kind == WindowRing.Kind.COUNTER) {
                    return in.isEmpty() ? Double.NaN : sum / in.size();
                }
                return count == 0 ? Double.NaN : sum / count;
            case MAX: return in.stream().mapToDouble(Written::max).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
            case MIN:
                if (kind == WindowRing.Kind.DISTRIBUTION) {
                    return Double.NaN;
                }
                return in.stream().mapToDouble(Written::last).min().orElse(Double.NaN);
            case LAST: return in.isEmpty() ? Double.NaN : in.get(in.size() - 1).last();
            case P95:
                if (kind == WindowRing.Kind.DISTRIBUTION) {
                    return in.stream().mapToDouble(Written::p95).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
                }
                return rank(in, 0.95);
            case P50:
            case P99:
                if (kind == WindowRing.Kind.DISTRIBUTION) {
                    return Double.NaN; // only p95 is written in this property
                }
                return rank(in, a.percentile());
            default:
                throw new AssertionError(a);
        }
    }

    /** Nearest rank, the textbook way: sort, take the ceil(p * n)-th. */
    private static double rank(List<Written> in, double p) {
        List<Double> sorted = in.stream().map(Written::last).filter(v -> !Double.isNaN(v)).sorted()
                .collect(Collectors.toList());
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int r = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(1, r) - 1);
    }

    @Provide
    Arbitrary<List<Written>> intervals() {
        Arbitrary<Written> one = Combinators.combine(
                Arbitraries.longs().between(1, 3),
                Arbitraries.integers().between(0, 50).map(Integer::doubleValue),
                Arbitraries.doubles().between(0, 1000).ofScale(3),
                Arbitraries.doubles().between(0, 100).ofScale(3),
                Arbitraries.doubles().between(-500, 500).ofScale(3),
                Arbitraries.doubles().between(0, 10).ofScale(3).injectNull(0.2))
                .as((gap, c, s, mx, last, p95) -> new Written(gap, c, c == 0 ? 0 : s, mx, last, p95 == null ? Double.NaN : p95));
        return one.list().ofMinSize(0).ofMaxSize(80);
    }
}
