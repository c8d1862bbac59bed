package dev.foundation.analytics;

import java.util.Locale;

/**
 * The built-in anomaly detectors.
 *
 * <ul>
 *   <li>{@link #zScore}: rolling mean and standard deviation over the last {@code window} values;</li>
 *   <li>{@link #ewmaZScore}: exponentially weighted mean and variance (no window to keep);</li>
 *   <li>{@link #threshold}: a value outside fixed bounds;</li>
 *   <li>{@link #rateOfChange}: a jump between consecutive values larger than a bound.</li>
 * </ul>
 * The statistical detectors say nothing until they have seen {@code minSamples} values, and never flag a value
 * while the baseline has no spread (standard deviation 0), so a flat series followed by a tiny change is not noise
 * turned into alerts. Every value, anomalous or not, joins the baseline, so a lasting change of level stops being
 * flagged once the baseline has moved to it.
 */
public final class Detectors {

    private Detectors() {
    }

    /**
     * A rolling z-score: a value is anomalous when it lies more than {@code sensitivity} standard deviations from
     * the mean of the previous {@code window} values.
     *
     * @param window      how many previous values form the baseline, 2 to 100,000
     * @param sensitivity the number of standard deviations, {@code > 0}
     * @param minSamples  values needed before any verdict, 2 to {@code window}
     * @return the detector spec
     */
    public static Detector.Spec zScore(int window, double sensitivity, int minSamples) {
        if (window < 2 || window > 100_000) {
            throw new IllegalArgumentException("window must be in 2..100000 but was " + window);
        }
        checkSensitivity(sensitivity);
        if (minSamples < 2 || minSamples > window) {
            throw new IllegalArgumentException("minSamples must be in 2.." + window + " (the window) but was " + minSamples);
        }
        String name = String.format(Locale.ROOT, "zscore(%d,%s)", window, sensitivity);
        return spec(name, () -> new RollingZScore(window, sensitivity, minSamples));
    }

    /**
     * An exponentially weighted z-score: the baseline's mean and variance decay with weight {@code alpha} per value.
     *
     * @param alpha       the weight of the newest value, in (0, 1]
     * @param sensitivity the number of standard deviations, {@code > 0}
     * @param minSamples  values needed before any verdict, {@code >= 2}
     * @return the detector spec
     */
    public static Detector.Spec ewmaZScore(double alpha, double sensitivity, int minSamples) {
        checkAlpha(alpha);
        checkSensitivity(sensitivity);
        if (minSamples < 2) {
            throw new IllegalArgumentException("minSamples must be >= 2 but was " + minSamples);
        }
        String name = String.format(Locale.ROOT, "ewma-zscore(%s,%s)", alpha, sensitivity);
        return spec(name, () -> new EwmaZScore(alpha, sensitivity, minSamples));
    }

    /**
     * Fixed bounds: a value above {@code above} or below {@code below} is anomalous.
     *
     * @param below the lowest normal value ({@code Double.NEGATIVE_INFINITY} for none)
     * @param above the highest normal value ({@code Double.POSITIVE_INFINITY} for none), {@code >= below}
     * @return the detector spec
     */
    public static Detector.Spec threshold(double below, double above) {
        if (Double.isNaN(below) || Double.isNaN(above) || below > above) {
            throw new IllegalArgumentException("threshold bounds must be numbers with below <= above but were below="
                    + below + ", above=" + above);
        }
        String name = String.format(Locale.ROOT, "threshold(%s,%s)", below, above);
        return spec(name, () -> value -> {
            if (value > above) {
                return new Detector.Verdict(true, above, value - above);
            }
            if (value < below) {
                return new Detector.Verdict(true, below, below - value);
            }
            return new Detector.Verdict(false, value, 0);
        });
    }

    /**
     * A rate-of-change bound: a value that differs from the previous one by more than {@code maxChange} is anomalous.
     *
     * @param maxChange the largest normal change between consecutive values, {@code >= 0}
     * @return the detector spec
     */
    public static Detector.Spec rateOfChange(double maxChange) {
        if (!(maxChange >= 0) || Double.isInfinite(maxChange)) {
            throw new IllegalArgumentException("maxChange must be a finite number >= 0 but was " + maxChange);
        }
        String name = String.format(Locale.ROOT, "rate-of-change(%s)", maxChange);
        return spec(name, () -> new Detector() {
            private double previous = Double.NaN;

            @Override
            public Verdict observe(double value) {
                double before = previous;
                previous = value;
                if (Double.isNaN(before)) {
                    return Verdict.LEARNING;
                }
                double change = Math.abs(value - before);
                return change > maxChange ? new Verdict(true, before, change - maxChange) : new Verdict(false, before, 0);
            }
        });
    }

    private static void checkAlpha(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1] but was " + alpha);
        }
    }

    private static void checkSensitivity(double sensitivity) {
        if (!(sensitivity > 0) || Double.isInfinite(sensitivity)) {
            throw new IllegalArgumentException("sensitivity must be a finite number > 0 but was " + sensitivity);
        }
    }

    private static Detector.Spec spec(String name, java.util.function.Supplier<Detector> factory) {
        return new Detector.Spec() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Detector create() {
                return factory.get();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** Mean and variance over a ring of the last values (Welford's sums kept exactly by add/remove). */
    private static final class RollingZScore implements Detector {
        private final double[] ring;
        private final double sensitivity;
        private final int minSamples;
        private int size;
        private int next;
        private double sum;
        private double sumSquares;

        RollingZScore(int window, double sensitivity, int minSamples) {
            this.ring = new double[window];
            this.sensitivity = sensitivity;
            this.minSamples = minSamples;
        }

        @Override
        public Verdict observe(double value) {
            Verdict verdict = Verdict.LEARNING;
            if (size >= minSamples) {
                double mean = sum / size;
                double variance = Math.max(0, sumSquares / size - mean * mean);
                double sd = Math.sqrt(variance);
                double score = sd > 1e-12 * Math.max(1, Math.abs(mean)) ? Math.abs(value - mean) / sd : 0;
                verdict = new Verdict(score > sensitivity, mean, score);
            }
            if (size == ring.length) {
                double old = ring[next];
                sum -= old;
                sumSquares -= old * old;
            } else {
                size++;
            }
            ring[next] = value;
            next = (next + 1) % ring.length;
            sum += value;
            sumSquares += value * value;
            return verdict;
        }
    }

    /** Exponentially weighted mean and variance (West's incremental form). */
    private static final class EwmaZScore implements Detector {
        private final double alpha;
        private final double sensitivity;
        private final int minSamples;
        private long seen;
        private double mean;
        private double variance;

        EwmaZScore(double alpha, double sensitivity, int minSamples) {
            this.alpha = alpha;
            this.sensitivity = sensitivity;
            this.minSamples = minSamples;
        }

        @Override
        public Verdict observe(double value) {
            Verdict verdict = Verdict.LEARNING;
            if (seen >= minSamples) {
                double sd = Math.sqrt(variance);
                double score = sd > 1e-12 * Math.max(1, Math.abs(mean)) ? Math.abs(value - mean) / sd : 0;
                verdict = new Verdict(score > sensitivity, mean, score);
            }
            if (seen == 0) {
                mean = value;
            } else {
                double diff = value - mean;
                double increment = alpha * diff;
                mean += increment;
                variance = (1 - alpha) * (variance + diff * increment);
            }
            seen++;
            return verdict;
        }
    }
}
