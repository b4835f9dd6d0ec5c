package org.deepminer.core.patch;

/**
 * How a classifier trained on patches calls a whole mammogram (the explainer's rule): the class-probability
 * maps (the head at every location of the last map) are averaged over a window about a training patch wide,
 * and the image takes the probabilities of its most suspicious place, the one where the first class (normal)
 * is least probable. The explainer scores images this way and training can choose its epoch by it, so both
 * use this one class.
 */
public final class SuspiciousPlace {
    private SuspiciousPlace() {}

    /**
     * The window's radius in map cells: an eighth of the map wide, the size of a patch of an eighth of the
     * image width. One location that looks malignant is more often noise than a lesion, which spans several.
     */
    public static int radius(int mapWidth) {
        return (int) Math.round(mapWidth / 16.0);
    }

    /**
     * Box-filters each class map with radius {@code r} (cells, clipped at the map's edges).
     *
     * @param maps {@code [classes][h][w]}, flattened
     */
    public static float[] smooth(float[] maps, int classes, int h, int w, int r) {
        if (r <= 0) {
            return maps;
        }
        float[] out = new float[maps.length];
        for (int c = 0; c < classes; c++) {
            int o = c * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sum = 0;
                    int n = 0;
                    for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                        for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                            sum += maps[o + yy * w + xx];
                            n++;
                        }
                    }
                    out[o + y * w + x] = (float) (sum / n);
                }
            }
        }
        return out;
    }

    /**
     * The whole image's class probabilities: those of the smoothed maps where class 0 is least probable,
     * among the {@code allowed} locations ({@code [h * w]}; null or none marked: all), e.g. those on the breast.
     *
     * @param maps per-location class probabilities {@code [classes][h][w]}, flattened
     */
    public static double[] probabilities(float[] maps, int classes, int h, int w, boolean[] allowed) {
        int hw = h * w;
        float[] all = smooth(maps, classes, h, w, radius(w));
        boolean any = false;
        if (allowed != null) {
            for (boolean a : allowed) {
                any |= a;
            }
        }
        int best = -1;
        for (int i = 0; i < hw; i++) {
            if ((!any || allowed[i]) && (best < 0 || all[i] < all[best])) {
                best = i;
            }
        }
        double[] out = new double[classes];
        for (int c = 0; c < classes; c++) {
            out[c] = all[c * hw + best];
        }
        return out;
    }
}
