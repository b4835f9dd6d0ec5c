package org.deepminer.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.deepminer.imaging.Resample;
import org.junit.jupiter.api.Test;

class UnitQuantilesTest {

    private static final double[] TAILS = {0.005, 0.001, 0.01, 0.05, 0.2, 0.5, 0.9, 1.0, 1e-6};

    /** The r-th largest value, r = max(1, ceil(tail * n)): the definition the sketch's bound refers to. */
    static float exactUpper(float[] values, double tail) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        long r = Math.max(1, Math.min(sorted.length, (long) Math.ceil(tail * sorted.length)));
        return sorted[(int) (sorted.length - r)];
    }

    static void assertWithinBound(float exact, UnitQuantiles.Estimate est, double relative, String what) {
        assertTrue(est.resolved(), what + ": unresolved");
        float t = exact == 0f ? 0f : exact; // -0.0 counts as zero
        float e = est.value();
        assertTrue(e <= t, what + ": estimate " + e + " above the exact quantile " + t);
        double bound = relative * Math.max(Math.abs(t), Math.abs(e)) + Math.scalb(1.0, 23 - 7 - 149);
        assertTrue(t - e <= bound, what + ": estimate " + e + " vs exact " + t + " exceeds " + bound);
    }

    @Test
    void largeRandomAndSkewedDataStayWithinTheStatedBound() {
        Random rnd = new Random(42);
        int n = 1_000_000;
        DoubleSupplier[] distributions = {
            rnd::nextDouble,                                                      // uniform
            () -> Math.exp(rnd.nextGaussian() * 2.5),                            // log-normal, heavy right tail
            () -> rnd.nextDouble() < 0.7 ? 0 : -Math.log(rnd.nextDouble()) * 3,  // ReLU-like: 70% zeros
            () -> rnd.nextGaussian() * 10 - 50,                                  // mostly negative
            () -> Math.pow(rnd.nextDouble(), 8) * 1e-3,                          // piled up near zero
            () -> rnd.nextInt(5),                                                // few distinct values
        };
        for (int d = 0; d < distributions.length; d++) {
            float[] values = new float[n];
            UnitQuantiles sketch = new UnitQuantiles(1);
            for (int i = 0; i < n; i++) {
                values[i] = (float) distributions[d].getAsDouble();
                sketch.add(0, values[i]);
            }
            assertEquals(n, sketch.count(0));
            for (double tail : TAILS) {
                float exact = exactUpper(values, tail);
                UnitQuantiles.Estimate est = sketch.upperQuantile(0, tail);
                if (tail <= 0.05) { // the tails Network Dissection uses must resolve
                    assertWithinBound(exact, est, sketch.relativeError(), "distribution " + d + ", tail " + tail);
                } else if (!est.resolved()) {
                    // e.g. the minimum of a uniform sample, 2^-20 below its maximum: outside the 16-binade window
                    assertTrue(est.value() >= exact, "an unresolved estimate must bound the quantile from above");
                } else {
                    assertWithinBound(exact, est, sketch.relativeError(), "distribution " + d + ", tail " + tail);
                }
            }
        }
    }

    @Test
    void mergedPartsEqualOnePassWhateverTheOrder() {
        Random rnd = new Random(8);
        int units = 3;
        UnitQuantiles one = new UnitQuantiles(units, 7, 256);
        UnitQuantiles[] parts = {new UnitQuantiles(units, 7, 256), new UnitQuantiles(units, 7, 256)};
        for (int i = 0; i < 200_000; i++) {
            int u = rnd.nextInt(units);
            // spans about 40 binades: the small window collapses its bottom, order must still not matter
            float v = (float) (Math.exp(rnd.nextGaussian() * 6) * (rnd.nextInt(10) == 0 ? -1 : 1));
            if (rnd.nextInt(20) == 0) {
                v = 0;
            }
            one.add(u, v);
            parts[(i / 1000) % 2].add(u, v);
        }
        parts[1].merge(parts[0]);
        for (int u = 0; u < units; u++) {
            assertEquals(one.count(u), parts[1].count(u));
            for (double tail : TAILS) {
                assertEquals(one.upperQuantile(u, tail), parts[1].upperQuantile(u, tail), "unit " + u + " tail " + tail);
            }
        }
    }

    @Test
    void upsampledMapsGiveTheCountsOfTheNaiveUpsampling() {
        Random rnd = new Random(21);
        int[][] shapes = {{8, 8, 227, 227}, {7, 5, 61, 43}, {16, 16, 256, 256}, {29, 37, 300, 383}};
        for (int[] s : shapes) {
            int w = s[0];
            int h = s[1];
            int bigW = s[2];
            int bigH = s[3];
            UnitQuantiles fast = new UnitQuantiles(2);
            UnitQuantiles naive = new UnitQuantiles(2);
            BilinearAxis cols = new BilinearAxis(w, bigW);
            BilinearAxis rows = new BilinearAxis(h, bigH);
            for (int image = 0; image < 4; image++) {
                float[] maps = new float[2 * w * h];
                for (int i = 0; i < maps.length; i++) {
                    // unit 0: ReLU map (flat zero cells, bulk path); unit 1: signed smooth values
                    double x = (i % w) / (double) w;
                    double y = ((i / w) % h) / (double) h;
                    double v = Math.sin(5 * x + image) * Math.cos(3 * y) * 4 + rnd.nextGaussian() * 0.3;
                    maps[i] = i < w * h ? (float) Math.max(0, v - 1) : (float) v;
                }
                for (int u = 0; u < 2; u++) {
                    fast.addUpsampled(u, maps, u * w * h, cols, rows);
                    float[] up = Resample.bilinear(Arrays.copyOfRange(maps, u * w * h, (u + 1) * w * h), w, h, bigW, bigH);
                    for (float v : up) {
                        naive.add(u, v);
                    }
                }
            }
            for (int u = 0; u < 2; u++) {
                assertEquals(naive.count(u), fast.count(u));
                for (double tail : TAILS) {
                    assertEquals(naive.upperQuantile(u, tail), fast.upperQuantile(u, tail),
                            Arrays.toString(s) + " unit " + u + " tail " + tail);
                }
                for (double tail = 0.0005; tail < 1; tail *= 1.3) {
                    assertEquals(naive.upperQuantile(u, tail), fast.upperQuantile(u, tail));
                }
            }
        }
    }

    @Test
    void deadUnitHasAZeroThresholdAndAQuantileBelowTheWindowIsFlagged() {
        UnitQuantiles s = new UnitQuantiles(2, 4, 32); // 2 binades
        for (int i = 0; i < 10_000; i++) {
            s.add(0, i < 9_990 ? 0f : 5f);
        }
        assertEquals(new UnitQuantiles.Estimate(0f, true), s.upperQuantile(0, 0.005));
        assertTrue(s.upperQuantile(0, 0.0005).value() >= 4.6f);
        // unit 1: one huge value, the rest 1000 times smaller: the 0.995 quantile is below the window
        s.add(1, 1000f);
        for (int i = 0; i < 999; i++) {
            s.add(1, 1f + i * 1e-4f);
        }
        UnitQuantiles.Estimate e = s.upperQuantile(1, 0.005);
        assertFalse(e.resolved());
        assertTrue(e.value() >= exactUpper(onesAndThousand(), 0.005), "unresolved estimate is an upper bound");
        assertTrue(s.upperQuantile(1, 0.001).resolved());
    }

    private static float[] onesAndThousand() {
        float[] v = new float[1000];
        v[0] = 1000f;
        for (int i = 0; i < 999; i++) {
            v[i + 1] = 1f + i * 1e-4f;
        }
        return v;
    }
}
