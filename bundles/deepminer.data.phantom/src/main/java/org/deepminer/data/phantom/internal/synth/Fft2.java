package org.deepminer.data.phantom.internal.synth;

/**
 * In-place complex FFT of an {@code n x n} grid ({@code n} a power of two) held in two flat float arrays.
 * Radix-2, iterative, with the twiddles and bit-reversal table computed once per size; rows are
 * transformed in place and columns through a scratch line, so that both passes run over contiguous memory.
 * Not thread-safe: give each thread its own instance.
 */
public final class Fft2 {
    private final int n;
    private final int log2;
    private final float[] cos;
    private final float[] sin;
    private final int[] reversed;
    private final float[] lineRe;
    private final float[] lineIm;

    public Fft2(int n) {
        if (n < 2 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two, not " + n);
        }
        this.n = n;
        this.log2 = Integer.numberOfTrailingZeros(n);
        cos = new float[n / 2];
        sin = new float[n / 2];
        for (int k = 0; k < n / 2; k++) {
            // StrictMath: the tables, and so every generated texture, are the same on every JVM
            double angle = 2 * Math.PI * k / n;
            cos[k] = (float) StrictMath.cos(angle);
            sin[k] = (float) StrictMath.sin(angle);
        }
        reversed = new int[n];
        for (int i = 0; i < n; i++) {
            reversed[i] = Integer.reverse(i) >>> (32 - log2);
        }
        lineRe = new float[n];
        lineIm = new float[n];
    }

    public int size() {
        return n;
    }

    /**
     * Transforms the grid in place.
     *
     * @param inverse true for the inverse transform (positive exponent); no 1/n^2 scaling is applied
     */
    public void transform(float[] re, float[] im, boolean inverse) {
        if (re.length != n * n || im.length != n * n) {
            throw new IllegalArgumentException("grid must hold " + n + "x" + n + " values");
        }
        for (int row = 0; row < n; row++) {
            line(re, im, row * n, inverse);
        }
        for (int col = 0; col < n; col++) {
            for (int row = 0, i = col; row < n; row++, i += n) {
                lineRe[row] = re[i];
                lineIm[row] = im[i];
            }
            line(lineRe, lineIm, 0, inverse);
            for (int row = 0, i = col; row < n; row++, i += n) {
                re[i] = lineRe[row];
                im[i] = lineIm[row];
            }
        }
    }

    private void line(float[] re, float[] im, int offset, boolean inverse) {
        for (int i = 0; i < n; i++) {
            int j = reversed[i];
            if (j > i) {
                int a = offset + i;
                int b = offset + j;
                float t = re[a];
                re[a] = re[b];
                re[b] = t;
                t = im[a];
                im[a] = im[b];
                im[b] = t;
            }
        }
        float sign = inverse ? 1f : -1f;
        for (int half = 1, step = n / 2; half < n; half <<= 1, step >>= 1) {
            for (int start = 0; start < n; start += half << 1) {
                for (int k = 0, t = 0; k < half; k++, t += step) {
                    float wr = cos[t];
                    float wi = sign * sin[t];
                    int a = offset + start + k;
                    int b = a + half;
                    float xr = re[b] * wr - im[b] * wi;
                    float xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
