package org.deepminer.imaging;

/**
 * Bilinear resampling of a single-channel map with half-pixel centres: output pixel {@code (x, y)} samples
 * the source at {@code ((x + 0.5) * sw / dw - 0.5, (y + 0.5) * sh / dh - 0.5)}, clamped at the borders.
 * This is how activation maps are upsampled onto images throughout the platform.
 */
public final class Resample {
    private Resample() {}

    public static float[] bilinear(float[] src, int sw, int sh, int dw, int dh) {
        if (src.length != sw * sh) {
            throw new IllegalArgumentException("map of " + sw + "x" + sh + " with " + src.length + " values");
        }
        float[] out = new float[dw * dh];
        // Precompute the column taps once: the inner loop is then two multiply-adds per pixel.
        int[] x0 = new int[dw];
        int[] x1 = new int[dw];
        float[] fx = new float[dw];
        double scaleX = (double) sw / dw;
        for (int x = 0; x < dw; x++) {
            double sx = Math.max(0, (x + 0.5) * scaleX - 0.5);
            int i = Math.min((int) sx, sw - 1);
            x0[x] = i;
            x1[x] = Math.min(i + 1, sw - 1);
            fx[x] = (float) (sx - i);
        }
        double scaleY = (double) sh / dh;
        for (int y = 0; y < dh; y++) {
            double sy = Math.max(0, (y + 0.5) * scaleY - 0.5);
            int j0 = Math.min((int) sy, sh - 1);
            int j1 = Math.min(j0 + 1, sh - 1);
            float fy = (float) (sy - j0);
            int r0 = j0 * sw;
            int r1 = j1 * sw;
            int o = y * dw;
            for (int x = 0; x < dw; x++) {
                float top = src[r0 + x0[x]] + (src[r0 + x1[x]] - src[r0 + x0[x]]) * fx[x];
                float bottom = src[r1 + x0[x]] + (src[r1 + x1[x]] - src[r1 + x0[x]]) * fx[x];
                out[o + x] = top + (bottom - top) * fy;
            }
        }
        return out;
    }

    /** Nearest-neighbour resampling of a binary mask (pixel centres), e.g. a mask stored at another size. */
    public static boolean[] nearest(boolean[] src, int sw, int sh, int dw, int dh) {
        boolean[] out = new boolean[dw * dh];
        for (int y = 0; y < dh; y++) {
            int sy = Math.min(sh - 1, (int) ((y + 0.5) * sh / dh));
            for (int x = 0; x < dw; x++) {
                int sx = Math.min(sw - 1, (int) ((x + 0.5) * sw / dw));
                out[y * dw + x] = src[sy * sw + sx];
            }
        }
        return out;
    }
}
