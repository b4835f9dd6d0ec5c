package org.deepminer.eval.internal;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap that resamples whole cases: the two views of a breast are not independent, so
 * resampling images would make the interval too narrow. Every statistic evaluated with the same seed sees
 * the same resamples, so intervals are reproducible run to run.
 */
public final class CaseBootstrap {

    /** A statistic of weighted items; an item's weight is how often its case was drawn. */
    @FunctionalInterface
    public interface Statistic {
        double value(int[] itemWeight);
    }

    private final Cases cases;
    private final int rounds;
    private final long seed;

    public CaseBootstrap(Cases cases, int rounds, long seed) {
        if (rounds < 1) {
            throw new IllegalArgumentException("bootstrap rounds must be >= 1, got " + rounds);
        }
        this.cases = cases;
        this.rounds = rounds;
        this.seed = seed;
    }

    /** The statistic on the data as observed (every item weight 1). */
    public double observed(Statistic statistic) {
        int[] ones = new int[cases.items()];
        Arrays.fill(ones, 1);
        return statistic.value(ones);
    }

    /** All bootstrap replicates, NaN where the statistic is undefined on a resample. */
    public double[] replicates(Statistic statistic) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int m = cases.count();
        int[] caseWeight = new int[m];
        double[] out = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            Arrays.fill(caseWeight, 0);
            for (int j = 0; j < m; j++) {
                caseWeight[rnd.nextInt(m)]++;
            }
            out[r] = statistic.value(cases.itemWeights(caseWeight));
        }
        return out;
    }

    /**
     * The 95% percentile interval {@code [low, high]}; empty when fewer than 90% of the resamples give a
     * defined value (e.g. a class that most resamples lack), because such an interval would be conditional
     * on the class being present.
     */
    public double[] interval95(Statistic statistic) {
        if (cases.count() < 2) {
            return new double[0];
        }
        return percentileInterval(replicates(statistic), 0.025, 0.975);
    }

    static double[] percentileInterval(double[] replicates, double low, double high) {
        double[] finite = Arrays.stream(replicates).filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0 || finite.length < 0.9 * replicates.length) {
            return new double[0];
        }
        return new double[] {quantile(finite, low), quantile(finite, high)};
    }

    /** Linear interpolation between order statistics (the usual "type 7" quantile) of sorted values. */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
