package org.deepminer.backend.dl4j.internal.train;

import java.util.Map;
import org.deepminer.backend.dl4j.internal.Network;
import org.deepminer.core.patch.SuspiciousPlace;
import org.deepminer.core.patch.TilingOptions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whole-image scores of a patch-trained network (METHOD.md §1): the network runs fully convolutionally over
 * the resized mammogram; the linear head is applied as a 1x1 convolution at every location of the head
 * layer's map (no pooling) or to the mean of each patch-sized window of it, a softmax per location gives a
 * class-probability map, and the image's score is
 * its maximum over the locations that lie on the breast: a cell of the map counts when at least half of the
 * pixels it covers are breast, as a training patch had to be (the network never saw background alone, and
 * its scores there are noise). The explainer's rule ({@link SuspiciousPlace}: the class's probability at the
 * least-normal place of the smoothed per-location maps, over the same cells) is a third score.
 */
public final class WholeImage {
    private WholeImage() {}

    /** Images of equal size run together, this many at a time. */
    static final int BATCH = 8;

    /**
     * @param headLayer the layer the pooling + linear head follows
     * @param cls the class whose maximum probability scores the image
     * @return one score per image of the part
     */
    /**
     * @param patch 0: the head at every location of the map (the original's way); else the training patch side in
     *        pixels, and the head is applied to the mean of every window of the map that a patch covers: the patch
     *        classifier itself, slid over the image one cell at a time (the head is linear, so the mean of the
     *        logits is the logits of the mean)
     */
    public static double[] scores(Network net, String headLayer, PatchData.Part part, float mean, float std, int cls,
            int patch) {
        return scores(net, headLayer, part, mean, std, cls, new int[] {patch})[0];
    }

    /** {@code patch} value for the explainer's rule ({@link SuspiciousPlace}): the least-normal place of the smoothed maps. */
    public static final int SUSPICIOUS_PLACE = -1;

    /**
     * Several scores of every image from one forward pass each.
     *
     * @param patches per score: 0 for the head at every location, {@link #SUSPICIOUS_PLACE} for the explainer's
     *        rule, else the patch side of the sliding window
     * @return {@code [score][image]}
     */
    public static double[][] scores(Network net, String headLayer, PatchData.Part part, float mean, float std, int cls,
            int[] patches) {
        Map<String, INDArray> head = net.params(net.outputs().get(0));
        float[][] w = head.get("W").castTo(DataType.FLOAT).toFloatMatrix(); // [units][classes]
        float[] b = head.get("b").castTo(DataType.FLOAT).dup('c').toFloatVector();
        int n = part.images();
        double[][] scores = new double[patches.length][n];
        int i = 0;
        while (i < n) {
            int wdt = part.width(i);
            int hgt = part.height(i);
            int j = i;
            while (j < n && j - i < BATCH && part.width(j) == wdt && part.height(j) == hgt) {
                j++;
            }
            float[] x = new float[(j - i) * wdt * hgt];
            float inv = 1f / std;
            for (int k = i; k < j; k++) {
                float[] img = part.image(k);
                int o = (k - i) * wdt * hgt;
                for (int p = 0; p < img.length; p++) {
                    x[o + p] = (img[p] - mean) * inv;
                }
            }
            INDArray a = net.feedForward(Nd4j.create(x, new long[] {j - i, 1, hgt, wdt}, 'c')).get(headLayer);
            float[] maps = a.castTo(DataType.FLOAT).dup('c').data().asFloat();
            int units = (int) a.size(1);
            int fh = (int) a.size(2);
            int fw = (int) a.size(3);
            int locations = fh * fw;
            for (int k = i; k < j; k++) {
                boolean[] breast = breastCells(part.image(k), wdt, hgt, fh, fw);
                for (int r = 0; r < patches.length; r++) {
                    int patch = patches[r];
                    int offset = (k - i) * units * locations;
                    if (patch == SUSPICIOUS_PLACE) {
                        float[] probs = locationProbabilities(maps, offset, units, fh, fw, w, b);
                        scores[r][k] = SuspiciousPlace.probabilities(probs, b.length, fh, fw, breast)[cls];
                    } else {
                        int window = patch <= 0 ? 1 : Math.max(1, (int) Math.round((double) patch * fh / hgt));
                        scores[r][k] = maxProbability(maps, offset, units, fh, fw, w, b, cls, breast, window);
                    }
                }
            }
            i = j;
        }
        return scores;
    }

    /** The first pixel (of {@code n}) that map cell {@code i} of {@code cells} covers. */
    static int cellStart(int i, int n, int cells) {
        return (int) ((long) i * n / cells);
    }

    /** One past the last pixel that map cell {@code i} covers (at least one pixel). */
    static int cellEnd(int i, int n, int cells) {
        return Math.max(cellStart(i, n, cells) + 1, cellStart(i + 1, n, cells));
    }

    /** Which cells of an {@code fh x fw} map cover at least half breast pixels; all when none does. */
    static boolean[] breastCells(float[] img, int w, int h, int fh, int fw) {
        boolean[] out = new boolean[fh * fw];
        boolean any = false;
        float threshold = TilingOptions.DEFAULT_BREAST_THRESHOLD;
        for (int i = 0; i < fh; i++) {
            int y0 = cellStart(i, h, fh);
            int y1 = cellEnd(i, h, fh);
            for (int j = 0; j < fw; j++) {
                int x0 = cellStart(j, w, fw);
                int x1 = cellEnd(j, w, fw);
                int n = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        n += img[y * w + x] > threshold ? 1 : 0;
                    }
                }
                out[i * fw + j] = 2 * n >= (y1 - y0) * (x1 - x0);
                any |= out[i * fw + j];
            }
        }
        if (!any) {
            java.util.Arrays.fill(out, true);
        }
        return out;
    }

    /** The softmax of the head at every location, {@code [classes][fh][fw]}. */
    static float[] locationProbabilities(float[] maps, int offset, int units, int fh, int fw, float[][] w, float[] b) {
        double[] logits = logits(maps, offset, units, fh * fw, w, b);
        int classes = b.length;
        int locations = fh * fw;
        float[] out = new float[classes * locations];
        for (int loc = 0; loc < locations; loc++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[c * locations + loc]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(logits[c * locations + loc] - max);
            }
            for (int c = 0; c < classes; c++) {
                out[c * locations + loc] = (float) (Math.exp(logits[c * locations + loc] - max) / sum);
            }
        }
        return out;
    }

    /** The class logits at every location: the head as a 1x1 convolution, {@code [classes][locations]}. */
    private static double[] logits(float[] maps, int offset, int units, int locations, float[][] w, float[] b) {
        int classes = b.length;
        double[] logits = new double[classes * locations];
        for (int loc = 0; loc < locations; loc++) {
            for (int c = 0; c < classes; c++) {
                logits[c * locations + loc] = b[c];
            }
        }
        for (int u = 0; u < units; u++) {
            float[] wu = w[u];
            int base = offset + u * locations;
            for (int loc = 0; loc < locations; loc++) {
                float v = maps[base + loc];
                if (v != 0f) {
                    for (int c = 0; c < classes; c++) {
                        logits[c * locations + loc] += wu[c] * v;
                    }
                }
            }
        }
        return logits;
    }

    static double maxProbability(float[] maps, int offset, int units, int fh, int fw, float[][] w, float[] b, int cls,
            boolean[] counted, int window) {
        int classes = b.length;
        int locations = fh * fw;
        double[] logits = logits(maps, offset, units, locations, w, b);
        int wh = Math.min(window, fh);
        int ww = Math.min(window, fw);
        double best = 0;
        double[] l = new double[classes];
        for (int y = 0; y + wh <= fh; y++) {
            for (int x = 0; x + ww <= fw; x++) {
                // a window counts when its centre cell lies on the breast
                if (!counted[(y + wh / 2) * fw + x + ww / 2]) {
                    continue;
                }
                java.util.Arrays.fill(l, 0);
                for (int dy = 0; dy < wh; dy++) {
                    for (int dx = 0; dx < ww; dx++) {
                        int loc = (y + dy) * fw + x + dx;
                        for (int c = 0; c < classes; c++) {
                            l[c] += logits[c * locations + loc];
                        }
                    }
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    l[c] /= wh * ww;
                    max = Math.max(max, l[c]);
                }
                double sum = 0;
                for (double v : l) {
                    sum += Math.exp(v - max);
                }
                best = Math.max(best, Math.exp(l[cls] - max) / sum);
            }
        }
        return best;
    }
}
