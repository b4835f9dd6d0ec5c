package org.deepminer.eval.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CaseBootstrapTest {

    @Test
    void quantileInterpolatesBetweenOrderStatistics() {
        double[] sorted = {1, 2, 3, 4};
        assertEquals(1.75, CaseBootstrap.quantile(sorted, 0.25), 1e-12);
        assertEquals(2.5, CaseBootstrap.quantile(sorted, 0.5), 1e-12);
        assertEquals(4, CaseBootstrap.quantile(sorted, 1.0), 1e-12);
    }

    @Test
    void resamplesWholeCases() {
        // 3 items per case: every resample must give the items of a case one common weight
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            for (int k = 0; k < 3; k++) {
                ids.add("c" + c);
            }
        }
        Cases cases = Cases.of(ids);
        CaseBootstrap boot = new CaseBootstrap(cases, 200, 5);
        double[] rep = boot.replicates(w -> {
            int total = 0;
            for (int i = 0; i < w.length; i += 3) {
                if (w[i] != w[i + 1] || w[i] != w[i + 2]) {
                    return -1;
                }
                total += w[i];
            }
            return total;
        });
        // each resample draws as many cases as there are, so every item weight sum is 20 cases
        for (double r : rep) {
            assertEquals(20, r);
        }
    }

    @Test
    void deterministicPerSeed() {
        BinormalSample s = new BinormalSample(150, 1.0, new Random(11));
        WeightedAuc auc = new WeightedAuc(s.scores, s.positive);
        double[] a = new CaseBootstrap(s.cases, 300, 42).interval95(auc);
        double[] b = new CaseBootstrap(s.cases, 300, 42).interval95(auc);
        double[] c = new CaseBootstrap(s.cases, 300, 43).interval95(auc);
        assertEquals(2, a.length);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        assertTrue(a[0] < auc.observed() && auc.observed() < a[1]);
    }

    @Test
    void intervalCoversTheTrueAucAtRoughlyTheNominalRate() {
        // binormal: positives N(1,1), negatives N(0,1): true AUC = Phi(1 / sqrt 2) = 0.76025
        double truth = 0.760250;
        Random rnd = new Random(2024);
        int covered = 0;
        int samples = 60;
        double width = 0;
        for (int t = 0; t < samples; t++) {
            BinormalSample s = new BinormalSample(120, 1.0, rnd);
            double[] ci = new CaseBootstrap(s.cases, 400, t).interval95(new WeightedAuc(s.scores, s.positive));
            covered += ci[0] <= truth && truth <= ci[1] ? 1 : 0;
            width += ci[1] - ci[0];
        }
        // nominal 95%: 60 samples give at least 51 in all but a tiny fraction of seeds
        assertTrue(covered >= 51, "covered " + covered + " of " + samples);
        // and the interval is informative, not [0, 1]
        assertTrue(width / samples < 0.25, "mean width " + width / samples);
    }

    @Test
    void noIntervalWhenTheStatisticIsMostlyUndefined() {
        Cases cases = Cases.of(List.of("a", "b", "c"));
        assertEquals(0, new CaseBootstrap(cases, 100, 1).interval95(w -> Double.NaN).length);
        assertEquals(0, new CaseBootstrap(Cases.of(List.of("a", "a")), 100, 1).interval95(w -> 1).length);
    }

    /** Cases of two images that share a latent score: correlated within the case, as two views are. */
    static final class BinormalSample {
        final double[] scores;
        final boolean[] positive;
        final Cases cases;

        BinormalSample(int caseCount, double separation, Random rnd) {
            scores = new double[2 * caseCount];
            positive = new boolean[2 * caseCount];
            int[] caseOf = new int[2 * caseCount];
            for (int c = 0; c < caseCount; c++) {
                boolean pos = rnd.nextBoolean();
                double shared = rnd.nextGaussian();
                for (int v = 0; v < 2; v++) {
                    int i = 2 * c + v;
                    caseOf[i] = c;
                    positive[i] = pos;
                    // unit variance: half shared by the case, half the view's own
                    scores[i] = (pos ? separation : 0) + Math.sqrt(0.5) * (shared + rnd.nextGaussian());
                }
            }
            cases = Cases.of(caseOf);
        }
    }
}
