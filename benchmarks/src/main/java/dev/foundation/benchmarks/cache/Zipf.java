package dev.foundation.benchmarks.cache;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Precomputed Zipfian key indices (exponent 0.99), so sampling costs nothing inside a benchmark. */
final class Zipf {

    private Zipf() {
    }

    /**
     * Draws indices in {@code [0, n)}, index 0 the most frequent.
     *
     * @param n     the number of distinct keys
     * @param count how many draws (a power of two)
     * @param seed  the random seed
     * @return the draws
     */
    static int[] indices(int n, int count, long seed) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / Math.pow(i + 1, 0.99);
            cumulative[i] = sum;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] draws = new int[count];
        for (int i = 0; i < count; i++) {
            int at = Arrays.binarySearch(cumulative, random.nextDouble() * sum);
            draws[i] = Math.min(n - 1, at >= 0 ? at : -at - 1);
        }
        return draws;
    }

    static String[] keys(int n) {
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            keys[i] = "key-" + i;
        }
        return keys;
    }

    static String value(int i) {
        return "value-" + i + "-" + "x".repeat(80);
    }
}
