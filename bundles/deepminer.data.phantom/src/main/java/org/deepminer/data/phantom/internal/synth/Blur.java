package org.deepminer.data.phantom.internal.synth;

/** Separable Gaussian blur of a flat float image, edges clamped. */
final class Blur {
    private Blur() {}

    /**
     * Blurs {@code image} in place.
     *
     * @param temp a buffer of at least {@code width * height} values
     */
    static void gaussian(float[] image, int width, int height, double sigma, float[] temp) {
        gaussian(image, 0, 0, width, height, width, sigma, temp);
    }

    /** Blurs the window {@code [x0, x0 + w) x [y0, y0 + h)} of an image {@code stride} wide, in place. */
    static void gaussian(float[] image, int x0, int y0, int w, int h, int stride, double sigma, float[] temp) {
        if (sigma <= 0 || w <= 0 || h <= 0) {
            return;
        }
        int radius = Math.max(1, (int) Math.ceil(2.5 * sigma));
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            double v = Math.exp(-k * k / (2 * sigma * sigma));
            kernel[k + radius] = (float) v;
            sum += v;
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= (float) sum;
        }
        // rows: image -> temp (window-local layout)
        for (int y = 0; y < h; y++) {
            int row = (y0 + y) * stride + x0;
            for (int x = 0; x < w; x++) {
                float acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    int xx = x + k;
                    xx = xx < 0 ? 0 : (xx >= w ? w - 1 : xx);
                    acc += kernel[k + radius] * image[row + xx];
                }
                temp[y * w + x] = acc;
            }
        }
        // columns: temp -> image
        for (int y = 0; y < h; y++) {
            int row = (y0 + y) * stride + x0;
            for (int x = 0; x < w; x++) {
                float acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    int yy = y + k;
                    yy = yy < 0 ? 0 : (yy >= h ? h - 1 : yy);
                    acc += kernel[k + radius] * temp[yy * w + x];
                }
                image[row + x] = acc;
            }
        }
    }
}
