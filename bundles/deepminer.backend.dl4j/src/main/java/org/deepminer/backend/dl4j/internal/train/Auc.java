package org.deepminer.backend.dl4j.internal.train;

import java.util.Arrays;

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative, ties
 * counting half (the Mann-Whitney statistic, from average ranks). Kept in this bundle because
 * org.deepminer.core.stats has no AUC yet; it can move there.
 */
public final class Auc {
    private Auc() {}

    /** NaN when there are no positives or no negatives. */
    public static double of(double[] scores, boolean[] positive) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSumPositive = 0;
        long pos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1; // average rank of the tied run, 1-based
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSumPositive += rank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSumPositive - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /**
     * The AUC of a weighted sample: each sample stands for {@code weights[i]} samples of the population (a
     * subsample of one group, scaled back). Ties count half.
     */
    public static double of(double[] scores, boolean[] positive, double[] weights) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double negativeBelow = 0;
        double wins = 0;
        double pos = 0;
        double neg = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double posHere = 0;
            double negHere = 0;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    posHere += weights[order[k]];
                } else {
                    negHere += weights[order[k]];
                }
            }
            wins += posHere * (negativeBelow + 0.5 * negHere);
            negativeBelow += negHere;
            pos += posHere;
            neg += negHere;
            i = j + 1;
        }
        return pos == 0 || neg == 0 ? Double.NaN : wins / (pos * neg);
    }

    /** One-vs-rest AUC of each class from {@code [n, classes]} probabilities. */
    public static double[] oneVsRest(float[] probabilities, int classes, int[] labels) {
        double[] ones = new double[labels.length];
        Arrays.fill(ones, 1);
        return oneVsRest(probabilities, classes, labels, ones);
    }

    /** One-vs-rest AUC of each class from {@code [n, classes]} probabilities of a weighted sample. */
    public static double[] oneVsRest(float[] probabilities, int classes, int[] labels, double[] weights) {
        int n = labels.length;
        double[] out = new double[classes];
        double[] s = new double[n];
        boolean[] p = new boolean[n];
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < n; i++) {
                s[i] = probabilities[i * classes + c];
                p[i] = labels[i] == c;
            }
            out[c] = of(s, p, weights);
        }
        return out;
    }
}
