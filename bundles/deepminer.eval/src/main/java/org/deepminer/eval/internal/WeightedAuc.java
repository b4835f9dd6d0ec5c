package org.deepminer.eval.internal;

import java.util.Arrays;
import org.deepminer.core.stats.Auc;

/**
 * One-vs-rest AUC under bootstrap weights. The items are sorted once; each resample is then one linear pass
 * over the groups of tied scores (the Mann-Whitney count with multiplicities), so a thousand resamples of a
 * large patch set cost about a thousand passes, not a thousand sorts.
 */
public final class WeightedAuc implements CaseBootstrap.Statistic {
    private final double[] scores;
    private final boolean[] positive;
    private final int[] order;
    private final int[] groupEnd;

    public WeightedAuc(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores with " + positive.length + " labels");
        }
        this.scores = scores.clone();
        this.positive = positive.clone();
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        // -0.0 and 0.0 are one score, as in Auc
        Arrays.sort(idx, (a, b) -> Double.compare(this.scores[a] + 0.0, this.scores[b] + 0.0));
        order = new int[idx.length];
        int[] ends = new int[idx.length];
        int groups = 0;
        for (int i = 0; i < idx.length; i++) {
            order[i] = idx[i];
            if (i > 0 && this.scores[order[i]] != this.scores[order[i - 1]]) {
                ends[groups++] = i;
            }
        }
        if (idx.length > 0) {
            ends[groups++] = idx.length;
        }
        groupEnd = Arrays.copyOf(ends, groups);
    }

    /** The AUC of the data as observed: the platform's one Mann-Whitney implementation. */
    public double observed() {
        return Auc.mannWhitney(scores, positive);
    }

    @Override
    public double value(int[] weight) {
        double wins = 0;
        double negativesBelow = 0;
        double positives = 0;
        int start = 0;
        for (int end : groupEnd) {
            double groupPositives = 0;
            double groupNegatives = 0;
            for (int k = start; k < end; k++) {
                int i = order[k];
                if (positive[i]) {
                    groupPositives += weight[i];
                } else {
                    groupNegatives += weight[i];
                }
            }
            wins += groupPositives * (negativesBelow + 0.5 * groupNegatives);
            negativesBelow += groupNegatives;
            positives += groupPositives;
            start = end;
        }
        if (positives == 0 || negativesBelow == 0) {
            return Double.NaN;
        }
        return wins / (positives * negativesBelow);
    }
}
