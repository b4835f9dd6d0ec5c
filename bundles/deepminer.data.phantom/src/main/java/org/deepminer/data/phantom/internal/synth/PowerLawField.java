package org.deepminer.data.phantom.internal.synth;

import java.util.SplittableRandom;

/**
 * Power-law ("anatomical") noise: a Gaussian-like random field whose power spectrum is K / f^beta, made by
 * giving each spatial frequency the amplitude f^(-beta/2) and a random phase, then transforming back.
 *
 * <p>Two independent real fields come out of one complex inverse FFT: each is built with a
 * Hermitian-symmetric spectrum (so its transform is real), the second is multiplied by i, and their sum is
 * transformed; the real part is the first field and the imaginary part the second. The fields are
 * normalised to zero mean and unit variance over the returned {@code size x size} crop.
 */
public final class PowerLawField {
    private static final int PHASES = 4096;
    private static final float[] PHASE_COS = new float[PHASES];
    private static final float[] PHASE_SIN = new float[PHASES];

    static {
        for (int k = 0; k < PHASES; k++) {
            double a = 2 * Math.PI * k / PHASES;
            PHASE_COS[k] = (float) StrictMath.cos(a);
            PHASE_SIN[k] = (float) StrictMath.sin(a);
        }
    }

    private final Fft2 fft;
    private final float[] re;
    private final float[] im;

    /** @param gridSize the FFT grid, a power of two at least the image side */
    public PowerLawField(int gridSize) {
        fft = new Fft2(gridSize);
        re = new float[gridSize * gridSize];
        im = new float[gridSize * gridSize];
    }

    /** The smallest power-of-two grid that holds an image side. */
    public static int gridFor(int size) {
        int n = 2;
        while (n < size) {
            n <<= 1;
        }
        return n;
    }

    /**
     * Fills two fields of {@code size x size}.
     *
     * @param beta1 spectral exponent of the first field (mammographic texture: 2.5-3.5)
     * @param beta2 spectral exponent of the second field
     */
    public void generate(SplittableRandom rng, int size, double beta1, double beta2, float[] first, float[] second) {
        generate(rng, size, beta1, beta2, 1.0, first, second);
    }

    /**
     * Fills two fields; {@code elongation > 1} stretches their structures along the rows (towards the nipple,
     * as ducts and fibrous strands run) by weighting column frequencies more.
     */
    public void generate(SplittableRandom rng, int size, double beta1, double beta2, double elongation, float[] first,
            float[] second) {
        int n = fft.size();
        if (size > n || first.length != size * size || second.length != size * size) {
            throw new IllegalArgumentException("field of " + size + " does not fit grid " + n);
        }
        float[] amp1 = amplitudes(n, beta1, elongation);
        float[] amp2 = amplitudes(n, beta2, elongation);
        int half = n / 2 + 1;
        for (int v = 0; v < n; v++) {
            int pv = (n - v) & (n - 1);
            for (int u = 0; u < n; u++) {
                int pu = (n - u) & (n - 1);
                int i = v * n + u;
                int p = pv * n + pu;
                if (p < i) {
                    continue; // filled together with its partner
                }
                int t = Math.min(v, n - v) * half + Math.min(u, n - u);
                float a1 = amp1[t];
                float a2 = amp2[t];
                if (p == i) {
                    // self-conjugate frequency: the coefficient of each field must be real
                    float s1 = rng.nextBoolean() ? a1 : -a1;
                    float s2 = rng.nextBoolean() ? a2 : -a2;
                    re[i] = s1;
                    im[i] = s2;
                    continue;
                }
                int k1 = rng.nextInt(PHASES);
                int k2 = rng.nextInt(PHASES);
                float c1r = a1 * PHASE_COS[k1];
                float c1i = a1 * PHASE_SIN[k1];
                float c2r = a2 * PHASE_COS[k2];
                float c2i = a2 * PHASE_SIN[k2];
                // X = C1 + i C2 at the frequency, conj(C1) + i conj(C2) at its partner
                re[i] = c1r - c2i;
                im[i] = c1i + c2r;
                re[p] = c1r + c2i;
                im[p] = -c1i + c2r;
            }
        }
        fft.transform(re, im, true);
        crop(re, n, size, first);
        crop(im, n, size, second);
    }

    /** f^(-beta/2) for every folded frequency (|u|, |v|) in [0, n/2]^2 (u weighted by the elongation), zero at DC. */
    private static float[] amplitudes(int n, double beta, double elongation) {
        int half = n / 2 + 1;
        float[] table = new float[half * half];
        double exponent = -beta / 4; // (u^2 + v^2)^(-beta/4) = f^(-beta/2)
        for (int v = 0; v < half; v++) {
            for (int u = 0; u < half; u++) {
                double d2 = elongation * elongation * u * u + (double) v * v;
                table[v * half + u] = d2 == 0 ? 0f : (float) Math.pow(d2, exponent);
            }
        }
        return table;
    }

    private static void crop(float[] grid, int n, int size, float[] out) {
        double sum = 0;
        double sumSq = 0;
        for (int y = 0; y < size; y++) {
            int src = y * n;
            int dst = y * size;
            for (int x = 0; x < size; x++) {
                float value = grid[src + x];
                out[dst + x] = value;
                sum += value;
                sumSq += (double) value * value;
            }
        }
        int count = size * size;
        double mean = sum / count;
        double sd = Math.sqrt(Math.max(sumSq / count - mean * mean, 1e-30));
        float m = (float) mean;
        float scale = (float) (1 / sd);
        for (int i = 0; i < count; i++) {
            out[i] = (out[i] - m) * scale;
        }
    }
}
