package org.deepminer.backend.onnx.internal;

/** Plain-Java versions of the operators, to check ONNX Runtime's numbers independently. */
final class Reference {
    private Reference() {}

    /** NCHW convolution of one image [c, h, w] with weights [o, c, k, k], bias [o] (or null). */
    static float[] conv(float[] x, int c, int h, int w, float[] weight, float[] bias, int o, int k, int stride, int pad) {
        int oh = (h + 2 * pad - k) / stride + 1;
        int ow = (w + 2 * pad - k) / stride + 1;
        float[] out = new float[o * oh * ow];
        for (int m = 0; m < o; m++) {
            for (int y = 0; y < oh; y++) {
                for (int xx = 0; xx < ow; xx++) {
                    double sum = bias == null ? 0 : bias[m];
                    for (int ch = 0; ch < c; ch++) {
                        for (int ky = 0; ky < k; ky++) {
                            int iy = y * stride - pad + ky;
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            for (int kx = 0; kx < k; kx++) {
                                int ix = xx * stride - pad + kx;
                                if (ix < 0 || ix >= w) {
                                    continue;
                                }
                                sum += x[(ch * h + iy) * w + ix] * weight[((m * c + ch) * k + ky) * k + kx];
                            }
                        }
                    }
                    out[(m * oh + y) * ow + xx] = (float) sum;
                }
            }
        }
        return out;
    }

    static float[] relu(float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.max(0f, x[i]);
        }
        return out;
    }

    /** Per-channel mean of [c, n] values. */
    static float[] mean(float[] x, int c) {
        int n = x.length / c;
        float[] out = new float[c];
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += x[ch * n + i];
            }
            out[ch] = (float) (s / n);
        }
        return out;
    }

    /** y = W x + b with W [classes, units]. */
    static float[] linear(float[] x, float[] w, float[] b, int classes) {
        int units = x.length;
        float[] out = new float[classes];
        for (int c = 0; c < classes; c++) {
            double s = b[c];
            for (int k = 0; k < units; k++) {
                s += w[c * units + k] * x[k];
            }
            out[c] = (float) s;
        }
        return out;
    }

    static float[] randomImage(java.util.Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat();
        }
        return v;
    }
}
