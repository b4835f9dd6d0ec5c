package org.deepminer.core.stats;

/**
 * One axis of the platform's bilinear upsampling (half-pixel centres, clamped borders; the convention of
 * {@code org.deepminer.imaging.Resample.bilinear}), cut into <em>cells</em>: cell {@code i} is the run of
 * image pixels whose lower tap is map index {@code i}. Every pixel of cell {@code (i, j)} of a map is a
 * bilinear blend of the same four map values, so the statistics can bound a whole cell by them and only
 * evaluate pixels where the bound is not enough.
 *
 * <p>The taps and fractions are computed with exactly the arithmetic of {@code Resample.bilinear}, so a
 * pixel value computed here is bit-for-bit the value the naive upsampling produces.
 */
public final class BilinearAxis {
    private final int cells;
    private final int pixels;
    private final int[] tap0;
    private final float[] frac;
    private final int[] start;

    /**
     * @param cells map size along the axis
     * @param pixels image size along the axis
     */
    public BilinearAxis(int cells, int pixels) {
        if (cells <= 0 || pixels <= 0) {
            throw new IllegalArgumentException("axis of " + cells + " map cells over " + pixels + " pixels");
        }
        this.cells = cells;
        this.pixels = pixels;
        this.tap0 = new int[pixels];
        this.frac = new float[pixels];
        this.start = new int[cells + 1];
        double scale = (double) cells / pixels;
        for (int x = 0; x < pixels; x++) {
            double s = Math.max(0, (x + 0.5) * scale - 0.5);
            int i = Math.min((int) s, cells - 1);
            tap0[x] = i;
            frac[x] = (float) (s - i);
        }
        // taps never decrease along the axis: each cell is one contiguous run of pixels (possibly empty)
        int x = 0;
        for (int i = 0; i <= cells; i++) {
            while (x < pixels && tap0[x] < i) {
                x++;
            }
            start[i] = x;
        }
    }

    public int cells() {
        return cells;
    }

    public int pixels() {
        return pixels;
    }

    /** Lower map index of pixel {@code x}; the upper one is {@code min(tap0 + 1, cells - 1)}. */
    public int tap0(int x) {
        return tap0[x];
    }

    public int tap1(int x) {
        return Math.min(tap0[x] + 1, cells - 1);
    }

    /** Weight of the upper tap at pixel {@code x}. */
    public float frac(int x) {
        return frac[x];
    }

    /** First pixel of cell {@code i}; cell {@code i} is {@code [start(i), start(i + 1))}. */
    public int start(int i) {
        return start[i];
    }

    int[] taps() {
        return tap0;
    }

    float[] fracs() {
        return frac;
    }

    int[] starts() {
        return start;
    }
}
