package org.deepminer.data.phantom.internal.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Fft2Test {

    @Test
    void matchesTheDirectDiscreteFourierTransform() {
        int n = 8;
        SplittableRandom rng = new SplittableRandom(1);
        float[] re = new float[n * n];
        float[] im = new float[n * n];
        for (int i = 0; i < re.length; i++) {
            re[i] = (float) rng.nextGaussian();
            im[i] = (float) rng.nextGaussian();
        }
        float[] r = re.clone();
        float[] m = im.clone();
        new Fft2(n).transform(r, m, false);
        for (int v = 0; v < n; v++) {
            for (int u = 0; u < n; u++) {
                double sr = 0;
                double si = 0;
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        double a = -2 * Math.PI * (u * x + v * y) / n;
                        sr += re[y * n + x] * Math.cos(a) - im[y * n + x] * Math.sin(a);
                        si += re[y * n + x] * Math.sin(a) + im[y * n + x] * Math.cos(a);
                    }
                }
                assertEquals(sr, r[v * n + u], 1e-3, "re at " + u + "," + v);
                assertEquals(si, m[v * n + u], 1e-3, "im at " + u + "," + v);
            }
        }
    }

    @Test
    void inverseUndoesForwardUpToNSquared() {
        int n = 32;
        SplittableRandom rng = new SplittableRandom(2);
        float[] re = new float[n * n];
        float[] im = new float[n * n];
        for (int i = 0; i < re.length; i++) {
            re[i] = (float) rng.nextGaussian();
        }
        float[] r = re.clone();
        Fft2 fft = new Fft2(n);
        fft.transform(r, im, false);
        fft.transform(r, im, true);
        for (int i = 0; i < re.length; i++) {
            assertEquals(re[i], r[i] / (n * n), 1e-4);
            assertEquals(0, im[i] / (n * n), 1e-4);
        }
    }

    @Test
    void refusesSizesThatAreNotPowersOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new Fft2(12));
    }
}
