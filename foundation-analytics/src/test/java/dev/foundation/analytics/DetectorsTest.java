package dev.foundation.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Detectors against synthetic series with known anomalies. Each series is Gaussian noise (seeded, so every run sees
 * the same values) with spikes of 6 to 10 standard deviations at known positions; precision and recall are counted
 * over the positions after the detector's warm-up and printed.
 */
class DetectorsTest {

    private static final int LENGTH = 5_000;

    /** Precision and recall of a detector over one synthetic series. */
    record Score(double precision, double recall) {
    }

    private static Score score(Detector.Spec spec, long seed, boolean drift) {
        Random random = new Random(seed);
        Set<Integer> spikes = new HashSet<>();
        for (int i = 200; i < LENGTH; i += 97 + random.nextInt(50)) {
            spikes.add(i);
        }
        Detector d = spec.create();
        int truePositives = 0;
        int falsePositives = 0;
        for (int i = 0; i < LENGTH; i++) {
            double base = drift ? 100 + i * 0.01 : 100;
            double value = base + random.nextGaussian() * 5;
            if (spikes.contains(i)) {
                value += (random.nextBoolean() ? 1 : -1) * (30 + random.nextDouble() * 20);
            }
            boolean flagged = d.observe(value).anomalous();
            if (i < 200) {
                continue;
            }
            if (flagged && spikes.contains(i)) {
                truePositives++;
            } else if (flagged) {
                falsePositives++;
            }
        }
        double precision = truePositives + falsePositives == 0 ? 0 : truePositives / (double) (truePositives + falsePositives);
        double recall = truePositives / (double) spikes.size();
        System.out.printf("%-28s seed %d%s: precision %.3f recall %.3f (%d spikes)%n", spec.name(), seed,
                drift ? " drift" : "", precision, recall, spikes.size());
        return new Score(precision, recall);
    }

    @Test
    void rollingZScore_findsSpikes_withHighPrecisionAndRecall() {
        for (long seed = 1; seed <= 5; seed++) {
            Score s = score(Detectors.zScore(60, 4.0, 30), seed, false);
            assertThat(s.recall()).isGreaterThanOrEqualTo(0.95);
            assertThat(s.precision()).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void ewmaZScore_findsSpikes_onADriftingBaseline() {
        for (long seed = 1; seed <= 5; seed++) {
            Score s = score(Detectors.ewmaZScore(0.05, 4.0, 30), seed, true);
            assertThat(s.recall()).isGreaterThanOrEqualTo(0.9);
            assertThat(s.precision()).isGreaterThanOrEqualTo(0.9);
        }
    }

    @Test
    void statisticalDetectors_sayNothingBeforeMinSamples_norOnAFlatSeries() {
        Detector z = Detectors.zScore(10, 2.0, 5).create();
        for (int i = 0; i < 4; i++) {
            assertThat(z.observe(i == 3 ? 1e9 : 1)).isEqualTo(Detector.Verdict.LEARNING);
        }
        Detector flat = Detectors.ewmaZScore(0.3, 3.0, 3).create();
        for (int i = 0; i < 50; i++) {
            assertThat(flat.observe(7).anomalous()).isFalse();
        }
        assertThat(flat.observe(7.000001).anomalous()).as("no spread: no verdict").isFalse();
    }

    @Test
    void threshold_andRateOfChange_flagExactlyWhatCrossesTheBound() {
        Detector t = Detectors.threshold(0, 10).create();
        assertThat(t.observe(10).anomalous()).isFalse();
        assertThat(t.observe(10.5)).isEqualTo(new Detector.Verdict(true, 10, 0.5));
        assertThat(t.observe(-1)).isEqualTo(new Detector.Verdict(true, 0, 1));
        Detector r = Detectors.rateOfChange(5).create();
        assertThat(r.observe(100)).isEqualTo(Detector.Verdict.LEARNING);
        assertThat(r.observe(105).anomalous()).isFalse();
        assertThat(r.observe(95)).isEqualTo(new Detector.Verdict(true, 105, 5));
    }

    @Test
    void badParameters_areRejected() {
        assertThatThrownBy(() -> Detectors.zScore(1, 3, 1)).hasMessage("window must be in 2..100000 but was 1");
        assertThatThrownBy(() -> Detectors.zScore(10, 3, 11)).hasMessage("minSamples must be in 2..10 (the window) but was 11");
        assertThatThrownBy(() -> Detectors.ewmaZScore(0, 3, 5)).hasMessage("alpha must be in (0, 1] but was 0.0");
        assertThatThrownBy(() -> Detectors.ewmaZScore(0.5, Double.NaN, 5)).hasMessageContaining("sensitivity");
        assertThatThrownBy(() -> Detectors.threshold(2, 1)).hasMessageContaining("below <= above");
        assertThatThrownBy(() -> Detectors.rateOfChange(-1)).hasMessageContaining("maxChange");
    }
}
