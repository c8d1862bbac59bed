package dev.foundation.analytics;

/**
 * An anomaly detector for one series: it sees the series' values one at a time, in order, and says of each whether
 * it is anomalous. A detector keeps state (a baseline); a pipeline creates one per series from a {@link Spec}.
 * Built-in detectors come from {@link Detectors}.
 */
public interface Detector {

    /**
     * Observes the next value.
     *
     * @param value the value, never NaN (NaN values are not shown to detectors)
     * @return the verdict on this value
     */
    Verdict observe(double value);

    /**
     * The verdict on one value.
     *
     * @param anomalous whether the value is anomalous
     * @param expected  what the detector expected (its baseline, or the bound it crossed); NaN before it has one
     * @param score     how far off the value is, in the detector's unit (standard deviations for z-scores, the
     *                  excess for thresholds and rates of change); 0 when nothing is known yet
     */
    record Verdict(boolean anomalous, double expected, double score) {

        /** The verdict of a detector that has not seen enough values yet. */
        public static final Verdict LEARNING = new Verdict(false, Double.NaN, 0);
    }

    /** How to make a detector: one per series. */
    interface Spec {

        /**
         * A name for the detector, used in anomalies and meter tags, e.g. {@code zscore(60,3.0)}.
         *
         * @return the name
         */
        String name();

        /**
         * A new detector with no history.
         *
         * @return the detector
         */
        Detector create();
    }
}
