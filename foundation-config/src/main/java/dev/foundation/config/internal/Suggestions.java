package dev.foundation.config.internal;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" suggestions by edit distance. */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * The candidate closest to the input, if it is close enough to be a likely typo: at most a third of the
     * input's length in edits (case and {@code -}/{@code _} ignored), and at least one edit budget of 1.
     *
     * @param input      what was written
     * @param candidates the valid names
     * @return the suggestion, or null
     */
    public static String closest(String input, Collection<String> candidates) {
        String in = normal(input);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(in, normal(c));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int budget = Math.max(1, Math.min(3, in.length() / 3));
        return bestDistance <= budget ? best : null;
    }

    private static String normal(String s) {
        return s.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /**
     * Levenshtein distance with adjacent transpositions counted as one edit.
     *
     * @param a a string
     * @param b another string
     * @return the edit distance
     */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
