package org.deepminer.core.stats;

import java.util.Arrays;

/**
 * Area under the ROC curve as the Mann-Whitney statistic: the probability that a random positive scores
 * higher than a random negative, ties counted half. Sorting makes it {@code O(n log n)}.
 */
public final class Auc {
    private Auc() {}

    /**
     * @param scores one score per item; NaN scores are not allowed
     * @param positive the item's class
     * @return the AUC in [0, 1], or NaN when either class is empty
     */
    public static double mannWhitney(double[] scores, boolean[] positive) {
        int n = scores.length;
        if (positive.length != n) {
            throw new IllegalArgumentException(n + " scores with " + positive.length + " labels");
        }
        long positives = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
            if (positive[i]) {
                positives++;
            }
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(scores[a] == 0.0 ? 0.0 : scores[a], scores[b] == 0.0 ? 0.0 : scores[b]));
        // Sum over positives of (negatives below) + half (negatives tied), group by group of equal scores.
        double wins = 0;
        long negativesBelow = 0;
        int g = 0;
        while (g < n) {
            int end = g;
            double s = scores[idx[g]];
            long groupPositives = 0;
            long groupNegatives = 0;
            while (end < n && scores[idx[end]] == s) {
                if (positive[idx[end]]) {
                    groupPositives++;
                } else {
                    groupNegatives++;
                }
                end++;
            }
            wins += groupPositives * (negativesBelow + 0.5 * groupNegatives);
            negativesBelow += groupNegatives;
            g = end;
        }
        return wins / ((double) positives * negatives);
    }
}
