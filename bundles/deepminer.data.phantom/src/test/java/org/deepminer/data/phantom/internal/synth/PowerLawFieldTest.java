package org.deepminer.data.phantom.internal.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PowerLawFieldTest {
    private static final int N = 128;

    @Test
    void fieldsAreNormalisedAndIndependent() {
        float[] a = new float[N * N];
        float[] b = new float[N * N];
        new PowerLawField(N).generate(new SplittableRandom(3), N, 3.0, 2.0, a, b);
        assertEquals(0, mean(a), 1e-4);
        assertEquals(1, variance(a), 1e-3);
        assertEquals(1, variance(b), 1e-3);
        // independence: on near-white fields (many effective samples) the sample correlation must be tiny
        new PowerLawField(N).generate(new SplittableRandom(3), N, 0.2, 0.2, a, b);
        double cov = 0;
        for (int i = 0; i < a.length; i++) {
            cov += a[i] * b[i];
        }
        assertTrue(Math.abs(cov / a.length) < 0.05, "the two fields must be nearly uncorrelated: " + cov / a.length);
    }

    /** The radially averaged power spectrum falls as f^-beta: fit the slope on log-log axes. */
    @Test
    void powerSpectrumFollowsThePowerLaw() {
        for (double beta : new double[] {2.5, 3.5}) {
            float[] a = new float[N * N];
            float[] b = new float[N * N];
            new PowerLawField(N).generate(new SplittableRandom(4), N, beta, beta, a, b);
            float[] im = new float[N * N];
            new Fft2(N).transform(a, im, false);
            double[] power = new double[N];
            int[] count = new int[N];
            for (int v = 0; v < N; v++) {
                for (int u = 0; u < N; u++) {
                    int fu = Math.min(u, N - u);
                    int fv = Math.min(v, N - v);
                    int f = (int) Math.round(Math.sqrt(fu * fu + fv * fv));
                    if (f >= 2 && f <= N / 4) {
                        power[f] += a[v * N + u] * a[v * N + u] + im[v * N + u] * im[v * N + u];
                        count[f]++;
                    }
                }
            }
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double sxy = 0;
            int m = 0;
            for (int f = 2; f <= N / 4; f++) {
                double x = Math.log(f);
                double y = Math.log(power[f] / count[f]);
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
                m++;
            }
            double slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
            assertEquals(-beta, slope, 0.15, "spectral slope for beta " + beta);
        }
    }

    @Test
    void sameSeedSameField() {
        float[] a1 = new float[N * N];
        float[] b1 = new float[N * N];
        float[] a2 = new float[N * N];
        float[] b2 = new float[N * N];
        float[] a3 = new float[N * N];
        PowerLawField field = new PowerLawField(N);
        field.generate(new SplittableRandom(5), N, 3, 2, a1, b1);
        field.generate(new SplittableRandom(5), N, 3, 2, a2, b2);
        field.generate(new SplittableRandom(6), N, 3, 2, a3, b2.clone());
        assertArrayEquals(a1, a2);
        assertFalse(Arrays.equals(a1, a3));
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double variance(float[] v) {
        double m = mean(v);
        double s = 0;
        for (float x : v) {
            s += (x - m) * (x - m);
        }
        return s / v.length;
    }
}
