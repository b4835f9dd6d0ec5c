package org.deepminer.data.phantom.internal.model;

import java.util.Arrays;

/** Area under the ROC curve by the rank-sum (Mann-Whitney) statistic, ties counted half. */
public final class Auc {
    private Auc() {}

    /**
     * @param scores one score per sample, higher = more positive
     * @param positive whether each sample is a positive
     * @return the AUC, or NaN when either class is empty
     */
    public static double of(double[] scores, boolean[] positive) {
        int n = scores.length;
        if (positive.length != n) {
            throw new IllegalArgumentException(n + " scores for " + positive.length + " labels");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1; // average 1-based rank of the tied run
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSum += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
