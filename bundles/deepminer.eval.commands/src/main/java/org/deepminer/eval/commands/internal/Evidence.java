package org.deepminer.eval.commands.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.data.RegionMask;
import org.deepminer.api.explain.UnitContribution;
import org.deepminer.explain.ImageForward;
import org.deepminer.imaging.Resample;

/**
 * What one explanation is measured by (METHOD.md §8), computed from the image's forward pass: ablation of
 * units through the pooling + linear head, and where the explained units' heatmap points.
 */
final class Evidence {
    /** Pixels brighter than this are breast (the tiler's default threshold). */
    static final float BREAST = 0.02f;

    private Evidence() {}

    /**
     * Drop of the class score when these units are zeroed. The score is the class's logit: the probability
     * saturates near 0 and 1, where every ablation would look alike.
     */
    static double drop(ImageForward f, int c, int[] units) {
        double[] pooled = f.pooled();
        return f.logitsWithout(pooled, new int[0])[c] - f.logitsWithout(pooled, units)[c];
    }

    /** Drops for {@code draws} random sets of {@code size} units drawn without replacement from {@code pool}. */
    static double[] randomDrops(ImageForward f, int c, int[] pool, int size, int draws, Random random) {
        if (size == 0 || pool.length < size) {
            return new double[0];
        }
        double[] pooled = f.pooled();
        double full = f.logitsWithout(pooled, new int[0])[c];
        double[] out = new double[draws];
        int[] p = pool.clone();
        for (int d = 0; d < draws; d++) {
            for (int i = 0; i < size; i++) { // partial Fisher-Yates
                int j = i + random.nextInt(p.length - i);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            out[d] = full - f.logitsWithout(pooled, Arrays.copyOf(p, size))[c];
        }
        return out;
    }

    /** The class logit after removing the first 0, 1, ..., n units of an order. */
    static double[] deletionCurve(ImageForward f, int c, int[] order, int n) {
        return deletionCurve(f, f.pooled(), c, order, n);
    }

    static double[] deletionCurve(ImageForward f, double[] pooled, int c, int[] order, int n) {
        int m = Math.min(n, order.length);
        double[] out = new double[m + 1];
        for (int i = 0; i <= m; i++) {
            out[i] = f.logitsWithout(pooled, Arrays.copyOf(order, i))[c];
        }
        return out;
    }

    /** The mean deletion curve of {@code draws} random orders of all units. */
    static double[] randomDeletionCurve(ImageForward f, int c, int n, int draws, Random random) {
        int[] all = new int[f.units()];
        for (int k = 0; k < all.length; k++) {
            all[k] = k;
        }
        double[] pooled = f.pooled();
        double[] mean = new double[Math.min(n, all.length) + 1];
        for (int d = 0; d < draws; d++) {
            for (int i = all.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = all[i];
                all[i] = all[j];
                all[j] = t;
            }
            double[] curve = deletionCurve(f, pooled, c, all, n);
            for (int i = 0; i < mean.length; i++) {
                mean[i] += curve[i] / draws;
            }
        }
        return mean;
    }

    /**
     * The explanation's heatmap at image size: the shown units' maps normalised jointly (one minimum and
     * maximum over all of them), their maximum at each location, upsampled bilinearly. Null without units.
     */
    static float[] heatmap(List<UnitContribution> units, int width, int height) {
        if (units.isEmpty()) {
            return null;
        }
        int h = units.get(0).map().dim(0);
        int w = units.get(0).map().dim(1);
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (UnitContribution u : units) {
            for (float v : u.map().data()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        float range = max > min ? max - min : 1f;
        float[] combined = new float[h * w];
        Arrays.fill(combined, 0f);
        for (UnitContribution u : units) {
            float[] d = u.map().data();
            for (int i = 0; i < d.length; i++) {
                combined[i] = Math.max(combined[i], (d[i] - min) / range);
            }
        }
        return Resample.bilinear(combined, w, h, width, height);
    }

    /** The union of the lesions' masks as a flat image-size mask; null when there is no lesion. */
    static boolean[] lesions(List<Lesion> lesions, int width, int height) {
        if (lesions.isEmpty()) {
            return null;
        }
        boolean[] out = new boolean[width * height];
        for (Lesion l : lesions) {
            RegionMask m = l.mask();
            var box = m.box();
            var bits = m.bits();
            for (int r = 0; r < box.height(); r++) {
                int y = box.y() + r;
                if (y < 0 || y >= height) {
                    continue;
                }
                for (int col = 0; col < box.width(); col++) {
                    int x = box.x() + col;
                    if (x >= 0 && x < width && bits.get(r * box.width() + col)) {
                        out[y * width + x] = true;
                    }
                }
            }
        }
        return out;
    }

    /** 1 when the heatmap's maximum lies on a lesion, else 0. */
    static double pointingHit(float[] heat, boolean[] lesion) {
        int best = 0;
        for (int i = 1; i < heat.length; i++) {
            if (heat[i] > heat[best]) {
                best = i;
            }
        }
        return lesion[best] ? 1 : 0;
    }

    /** IoU of the heatmap above {@code threshold} of its maximum with the lesion mask. */
    static double iou(float[] heat, boolean[] lesion, double threshold) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : heat) {
            max = Math.max(max, v);
        }
        double cut = threshold * max;
        long inter = 0;
        long union = 0;
        for (int i = 0; i < heat.length; i++) {
            boolean hot = heat[i] >= cut && max > 0;
            inter += hot && lesion[i] ? 1 : 0;
            union += hot || lesion[i] ? 1 : 0;
        }
        return union == 0 ? 0 : (double) inter / union;
    }

    /**
     * The chance of a pointing hit for a point drawn uniformly over the breast: lesion area over breast
     * area (the localisation baseline).
     */
    static double pointingBaseline(MammogramImage image, boolean[] lesion) {
        float[] px = image.pixels();
        long breast = 0;
        long onLesion = 0;
        for (int i = 0; i < px.length; i++) {
            if (px[i] > BREAST || lesion[i]) {
                breast++;
                onLesion += lesion[i] ? 1 : 0;
            }
        }
        return breast == 0 ? Double.NaN : (double) onLesion / breast;
    }

    /** The units of a ranking with a positive score, at most {@code n}, minus those in {@code except}. */
    static int[] without(int[] units, int[] except) {
        List<Integer> out = new ArrayList<>();
        for (int u : units) {
            if (Arrays.stream(except).noneMatch(e -> e == u)) {
                out.add(u);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
