package org.deepminer.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.deepminer.core.stats.Auc;
import org.junit.jupiter.api.Test;

class WeightedAucTest {

    @Test
    void handComputedWithTies() {
        // positives 0.5 and 0.9, negatives 0.5 and 0.2: pairs 0.5 (tie) + 1 + 1 + 1 = 3.5 of 4
        double[] s = {0.5, 0.9, 0.5, 0.2};
        boolean[] pos = {true, true, false, false};
        WeightedAuc auc = new WeightedAuc(s, pos);
        assertEquals(0.875, auc.observed(), 1e-12);
        assertEquals(0.875, auc.value(new int[] {1, 1, 1, 1}), 1e-12);
        // drop the tied negative (weight 0): 2 of 2 pairs won
        assertEquals(1.0, auc.value(new int[] {1, 1, 0, 1}), 1e-12);
        // the tied positive twice: pairs 2 x (0.5 + 1) + (1 + 1) = 5 of 6
        assertEquals(5.0 / 6, auc.value(new int[] {2, 1, 1, 1}), 1e-12);
    }

    @Test
    void weightsEqualRepeatingItems() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 30; trial++) {
            int n = 5 + rnd.nextInt(60);
            double[] s = new double[n];
            boolean[] pos = new boolean[n];
            int[] w = new int[n];
            int total = 0;
            for (int i = 0; i < n; i++) {
                s[i] = rnd.nextInt(6);
                pos[i] = rnd.nextBoolean();
                w[i] = rnd.nextInt(4);
                total += w[i];
            }
            double[] rs = new double[total];
            boolean[] rp = new boolean[total];
            int k = 0;
            for (int i = 0; i < n; i++) {
                for (int r = 0; r < w[i]; r++) {
                    rs[k] = s[i];
                    rp[k++] = pos[i];
                }
            }
            double expected = Auc.mannWhitney(rs, rp);
            double got = new WeightedAuc(s, pos).value(w);
            if (Double.isNaN(expected)) {
                assertTrue(Double.isNaN(got));
            } else {
                assertEquals(expected, got, 1e-12);
            }
            int[] ones = new int[n];
            Arrays.fill(ones, 1);
            double observed = Auc.mannWhitney(s, pos);
            if (!Double.isNaN(observed)) {
                assertEquals(observed, new WeightedAuc(s, pos).value(ones), 1e-12);
            }
        }
    }

    @Test
    void undefinedWithoutBothClasses() {
        WeightedAuc auc = new WeightedAuc(new double[] {1, 2, 3}, new boolean[] {true, false, true});
        assertTrue(Double.isNaN(auc.value(new int[] {1, 0, 1})));
        assertTrue(Double.isNaN(auc.value(new int[] {0, 3, 0})));
    }
}
