package org.deepminer.mining;

import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;

/**
 * Whole-image class maps (METHOD.md §1): a classifier trained on patches runs fully convolutionally over a
 * whole mammogram when its global-average-pooling + linear head is applied as a 1x1 convolution at every
 * location of the layer's map instead of after the pooling. Each location gets logits
 * {@code z_c(x, y) = sum_k w[c][k] * A_k(x, y) + b_c} and their softmax; the image's score for a class is
 * the maximum of its probability map.
 *
 * <p>The mean over locations of the logit maps is the model's own logits (the CAM identity), which is
 * what the tests check. Maps are flat {@code float} arrays, class-major: {@code [classes][h][w]}.
 */
public final class ClassMaps {
    private ClassMaps() {}

    /**
     * Logit maps of one item: {@code [classes * h * w]}.
     *
     * @param activations the head's layer, {@code [n, units, h, w]}
     * @param item which item of the batch
     */
    public static float[] logits(FloatTensor activations, int item, ClassifierHead head) {
        int units = check(activations, head);
        int hw = activations.dim(2) * activations.dim(3);
        float[] a = activations.data();
        int base = item * units * hw;
        float[] out = new float[head.classes() * hw];
        for (int c = 0; c < head.classes(); c++) {
            int o = c * hw;
            java.util.Arrays.fill(out, o, o + hw, head.bias()[c]);
            for (int k = 0; k < units; k++) {
                float w = head.weight(c, k);
                if (w == 0f) {
                    continue;
                }
                int src = base + k * hw;
                for (int i = 0; i < hw; i++) {
                    out[o + i] += w * a[src + i];
                }
            }
        }
        return out;
    }

    /**
     * Class-probability maps of one item: the softmax over classes at each location, {@code [classes * h * w]}.
     */
    public static float[] probabilities(FloatTensor activations, int item, ClassifierHead head) {
        float[] z = logits(activations, item, head);
        softmaxInPlace(z, head.classes(), activations.dim(2) * activations.dim(3));
        return z;
    }

    /** Class-probability maps of a whole batch, {@code [n, classes, h, w]}. */
    public static FloatTensor probabilities(FloatTensor activations, ClassifierHead head) {
        check(activations, head);
        int n = activations.dim(0);
        int h = activations.dim(2);
        int w = activations.dim(3);
        int size = head.classes() * h * w;
        float[] out = new float[n * size];
        for (int i = 0; i < n; i++) {
            System.arraycopy(probabilities(activations, i, head), 0, out, i * size, size);
        }
        return new FloatTensor(new int[] {n, head.classes(), h, w}, out);
    }

    /**
     * Image scores from class-probability maps: per item and class, the maximum over locations,
     * {@code [n * classes]}.
     *
     * @param maps {@code [n, classes, h, w]}
     */
    public static float[] imageScores(FloatTensor maps) {
        if (maps.rank() != 4) {
            throw new IllegalArgumentException("class maps must be [n, classes, h, w], not " + maps);
        }
        int n = maps.dim(0);
        int classes = maps.dim(1);
        int hw = maps.dim(2) * maps.dim(3);
        float[] d = maps.data();
        float[] out = new float[n * classes];
        for (int i = 0; i < n * classes; i++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int j = i * hw, end = j + hw; j < end; j++) {
                max = Math.max(max, d[j]);
            }
            out[i] = max;
        }
        return out;
    }

    /**
     * The class activation map of one item and class (CAM, Zhou et al. 2016): {@code sum_k w[c][k] *
     * A_k(x, y)}, without the bias, {@code [h * w]}.
     */
    public static float[] cam(FloatTensor activations, int item, ClassifierHead head, int classIndex) {
        int units = check(activations, head);
        int hw = activations.dim(2) * activations.dim(3);
        float[] a = activations.data();
        float[] out = new float[hw];
        int base = item * units * hw;
        for (int k = 0; k < units; k++) {
            float w = head.weight(classIndex, k);
            int src = base + k * hw;
            for (int i = 0; i < hw; i++) {
                out[i] += w * a[src + i];
            }
        }
        return out;
    }

    /** Softmax over {@code classes} values {@code stride} apart, at each of {@code stride} locations. */
    static void softmaxInPlace(float[] z, int classes, int stride) {
        for (int i = 0; i < stride; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, z[c * stride + i]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(z[c * stride + i] - max);
            }
            for (int c = 0; c < classes; c++) {
                z[c * stride + i] = (float) (Math.exp(z[c * stride + i] - max) / sum);
            }
        }
    }

    private static int check(FloatTensor activations, ClassifierHead head) {
        if (activations.rank() != 4) {
            throw new IllegalArgumentException("activations of " + head.layer() + " must be [n, units, h, w], not "
                    + activations);
        }
        if (activations.dim(1) != head.units()) {
            throw new IllegalArgumentException("the head of " + head.layer() + " weighs " + head.units()
                    + " units, the activations have " + activations.dim(1));
        }
        return head.units();
    }
}
