package org.deepminer.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

    @Test
    void separatesSeparableDataWithFiniteWeights() {
        // feature 0 is the label, feature 1 noise
        Random rnd = new Random(1);
        int n = 60;
        int d = 2;
        double[] x = new double[n * d];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2 == 0;
            x[i * d] = y[i] ? 1 : 0;
            x[i * d + 1] = rnd.nextBoolean() ? 1 : 0;
        }
        LogisticRegression m = LogisticRegression.fit(x, y, all(n), d, 0.1);
        for (int i = 0; i < n; i++) {
            assertEquals(y[i], m.probability(x, i, d) > 0.5, "row " + i);
        }
        for (double w : m.weights()) {
            assertTrue(Double.isFinite(w));
        }
        assertTrue(m.weights()[1] > 2, "the label feature carries a large positive weight");
    }

    @Test
    void solutionIsAStationaryPointOfThePenalisedLoss() {
        Random rnd = new Random(5);
        int n = 200;
        int d = 4;
        double lambda = 0.7;
        double[] x = new double[n * d];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < d; f++) {
                x[i * d + f] = rnd.nextDouble() < 0.4 ? 1 : 0;
            }
            double z = -0.5 + 1.5 * x[i * d] - x[i * d + 2];
            y[i] = rnd.nextDouble() < LogisticRegression.sigmoid(z);
        }
        LogisticRegression m = LogisticRegression.fit(x, y, all(n), d, lambda);
        double[] w = m.weights();
        // gradient of sum log-loss + lambda/2 |w_features|^2 must vanish (the intercept's ridge is tiny)
        double[] g = new double[d + 1];
        for (int i = 0; i < n; i++) {
            double err = m.probability(x, i, d) - (y[i] ? 1 : 0);
            g[0] += err;
            for (int f = 0; f < d; f++) {
                g[f + 1] += err * x[i * d + f];
            }
        }
        for (int f = 1; f <= d; f++) {
            g[f] += lambda * w[f];
        }
        for (double v : g) {
            assertEquals(0, v, 1e-5);
        }
    }

    @Test
    void strongPenaltyShrinksTowardsTheBaseRate() {
        int n = 100;
        double[] x = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            x[i] = i < 50 ? 1 : 0;
            y[i] = i < 40 || i >= 90; // feature predicts the label, base rate 0.5
        }
        LogisticRegression m = LogisticRegression.fit(x, y, all(n), 1, 1e6);
        assertEquals(0.5, m.probability(x, 0, 1), 0.01);
        assertEquals(0.5, m.probability(x, 99, 1), 0.01);
    }

    @Test
    void oneClassTrainingStaysFinite() {
        double[] x = {1, 0, 1};
        boolean[] y = {true, true, true};
        LogisticRegression m = LogisticRegression.fit(x, y, all(3), 1, 1.0);
        assertTrue(m.probability(x, 1, 1) > 0.5);
        for (double w : m.weights()) {
            assertTrue(Double.isFinite(w));
        }
    }

    private static int[] all(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
