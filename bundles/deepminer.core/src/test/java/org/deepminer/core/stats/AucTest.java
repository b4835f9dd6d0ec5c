package org.deepminer.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AucTest {

    @Test
    void equalsThePairwiseDefinitionWithTiesCountedHalf() {
        Random rnd = new Random(9);
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + rnd.nextInt(300);
            double[] s = new double[n];
            boolean[] pos = new boolean[n];
            for (int i = 0; i < n; i++) {
                pos[i] = rnd.nextBoolean();
                s[i] = rnd.nextInt(10) + (pos[i] ? 1.5 : 0); // many ties
            }
            if (trial == 0) {
                s[0] = -0.0;
                s[1] = 0.0;
            }
            double wins = 0;
            long pairs = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (pos[i] && !pos[j]) {
                        pairs++;
                        wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    }
                }
            }
            double expected = pairs == 0 ? Double.NaN : wins / pairs;
            assertEquals(expected, Auc.mannWhitney(s, pos), 1e-12);
        }
    }

    @Test
    void extremes() {
        assertEquals(1.0, Auc.mannWhitney(new double[] {3, 4, 1, 2}, new boolean[] {true, true, false, false}));
        assertEquals(0.0, Auc.mannWhitney(new double[] {1, 2, 3, 4}, new boolean[] {true, true, false, false}));
        assertEquals(0.5, Auc.mannWhitney(new double[] {1, 1, 1}, new boolean[] {true, false, false}));
        assertTrue(Double.isNaN(Auc.mannWhitney(new double[] {1, 2}, new boolean[] {true, true})));
    }
}
