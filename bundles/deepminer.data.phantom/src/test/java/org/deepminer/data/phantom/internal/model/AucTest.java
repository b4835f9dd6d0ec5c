package org.deepminer.data.phantom.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AucTest {

    /** Fraction of (positive, negative) pairs ranked right, ties counted half. */
    private static double bruteForce(double[] s, boolean[] pos) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (pos[i] && !pos[j]) {
                    pairs++;
                    wins += s[i] > s[j] ? 1 : (s[i] == s[j] ? 0.5 : 0);
                }
            }
        }
        return wins / pairs;
    }

    @Test
    void equalsThePairwiseCountWithTies() {
        for (long seed = 0; seed < 30; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int n = 5 + rng.nextInt(200);
            double[] s = new double[n];
            boolean[] pos = new boolean[n];
            for (int i = 0; i < n; i++) {
                s[i] = rng.nextInt(seed % 2 == 0 ? 6 : 1000) / 10.0; // even seeds: many ties
                pos[i] = rng.nextDouble() < 0.3 + 0.02 * s[i];
            }
            pos[0] = true;
            pos[1] = false;
            assertEquals(bruteForce(s, pos), Auc.of(s, pos), 1e-12, "seed " + seed);
        }
    }

    @Test
    void extremesAndUndefined() {
        assertEquals(1.0, Auc.of(new double[] {0.1, 0.2, 0.9}, new boolean[] {false, false, true}));
        assertEquals(0.0, Auc.of(new double[] {0.9, 0.2, 0.1}, new boolean[] {false, true, true}));
        assertEquals(0.5, Auc.of(new double[] {0.3, 0.3}, new boolean[] {false, true}));
        assertTrue(Double.isNaN(Auc.of(new double[] {0.3, 0.4}, new boolean[] {true, true})));
    }
}
