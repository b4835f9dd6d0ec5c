package org.deepminer.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResampleTest {

    /** Independent reference: the half-pixel-centre formula evaluated directly for one output pixel. */
    private static float reference(float[] src, int sw, int sh, int dw, int dh, int x, int y) {
        double sx = Math.min(Math.max((x + 0.5) * sw / dw - 0.5, 0), sw - 1);
        double sy = Math.min(Math.max((y + 0.5) * sh / dh - 0.5, 0), sh - 1);
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        int x1 = Math.min(x0 + 1, sw - 1);
        int y1 = Math.min(y0 + 1, sh - 1);
        double ax = sx - x0;
        double ay = sy - y0;
        return (float) ((1 - ay) * ((1 - ax) * src[y0 * sw + x0] + ax * src[y0 * sw + x1])
                + ay * ((1 - ax) * src[y1 * sw + x0] + ax * src[y1 * sw + x1]));
    }

    @Test
    void matchesTheHalfPixelFormulaEverywhere() {
        int sw = 5, sh = 3, dw = 17, dh = 11;
        float[] src = new float[sw * sh];
        for (int i = 0; i < src.length; i++) {
            src[i] = (i * 37 % 11) / 10f;
        }
        float[] out = Resample.bilinear(src, sw, sh, dw, dh);
        for (int y = 0; y < dh; y++) {
            for (int x = 0; x < dw; x++) {
                assertEquals(reference(src, sw, sh, dw, dh, x, y), out[y * dw + x], 1e-5, "at " + x + "," + y);
            }
        }
    }

    @Test
    void upsamplingByTwoInterpolatesBetweenCentres() {
        float[] out = Resample.bilinear(new float[] {0, 1}, 2, 1, 4, 1);
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, out, 1e-6f);
    }

    @Test
    void aConstantMapStaysConstant() {
        float[] src = new float[7 * 7];
        java.util.Arrays.fill(src, 0.3f);
        for (float v : Resample.bilinear(src, 7, 7, 224, 224)) {
            assertEquals(0.3f, v, 1e-6f);
        }
    }

    @Test
    void nearestKeepsASquareMaskSquare() {
        boolean[] m = new boolean[4 * 4];
        m[5] = m[6] = m[9] = m[10] = true;
        boolean[] out = Resample.nearest(m, 4, 4, 8, 8);
        int count = 0;
        for (boolean b : out) {
            count += b ? 1 : 0;
        }
        assertEquals(16, count);
        assertEquals(true, out[2 * 8 + 2]);
        assertEquals(false, out[1 * 8 + 1]);
    }
}
