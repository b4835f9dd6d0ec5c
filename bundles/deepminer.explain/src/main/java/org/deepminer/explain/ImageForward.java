package org.deepminer.explain;

import java.util.Arrays;
import java.util.List;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.core.patch.SuspiciousPlace;
import org.deepminer.mining.ClassMaps;

/**
 * One whole image through the model: the layer's activations {@code [units, h, w]}, the head that follows the
 * layer (global average pooling + linear), and what the explanation and the faithfulness measures derive from
 * them. The class scores are the head applied to the pooled activations, so they are exactly the model's own
 * logits for a pooling + linear head (the CAM identity), and zeroing a unit's activations changes them by
 * {@code -w[c][k] * mean A_k}: ablation needs no second forward pass.
 *
 * @param classes the class names, in the head's order
 * @param activations the layer's maps of this one image, {@code [1, units, h, w]}
 * @param head the layer's pooling + linear head
 */
public record ImageForward(List<String> classes, FloatTensor activations, ClassifierHead head) {

    public ImageForward {
        classes = List.copyOf(classes);
        if (activations.rank() != 4 || activations.dim(0) != 1 || activations.dim(1) != head.units()) {
            throw new IllegalArgumentException("activations of one image with " + head.units() + " units expected, got "
                    + activations);
        }
        if (classes.size() != head.classes()) {
            throw new IllegalArgumentException(classes.size() + " class names for a head of " + head.classes());
        }
    }

    public int units() {
        return head.units();
    }

    public int mapHeight() {
        return activations.dim(2);
    }

    public int mapWidth() {
        return activations.dim(3);
    }

    public int classIndex(String name) {
        int i = classes.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no class '" + name + "'; classes: " + String.join(", ", classes));
        }
        return i;
    }

    /** Mean of each unit's map: what the pooling hands to the linear layer. */
    public double[] pooled() {
        int hw = mapHeight() * mapWidth();
        float[] a = activations.data();
        double[] out = new double[units()];
        for (int k = 0; k < out.length; k++) {
            double s = 0;
            for (int i = k * hw, end = i + hw; i < end; i++) {
                s += a[i];
            }
            out[k] = s / hw;
        }
        return out;
    }

    /** Maximum of each unit's map. */
    public double[] maxima() {
        int hw = mapHeight() * mapWidth();
        float[] a = activations.data();
        double[] out = new double[units()];
        for (int k = 0; k < out.length; k++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int i = k * hw, end = i + hw; i < end; i++) {
                m = Math.max(m, a[i]);
            }
            out[k] = m;
        }
        return out;
    }

    /** The DeepMiner score of every unit for a class: {@code w[c][k] * max A_k} (METHOD.md §2). */
    public double[] unitScores(int classIndex) {
        double[] max = maxima();
        double[] s = new double[max.length];
        for (int k = 0; k < s.length; k++) {
            s[k] = head.weight(classIndex, k) * max[k];
        }
        return s;
    }

    /** Units in descending order of their score for a class; ties by unit number. */
    public int[] ranking(int classIndex) {
        double[] s = unitScores(classIndex);
        return java.util.stream.IntStream.range(0, s.length).boxed()
                .sorted((a, b) -> s[a] != s[b] ? Double.compare(s[b], s[a]) : Integer.compare(a, b))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Class probabilities of the whole image (softmax of the head over the pooled activations). */
    public double[] probabilities() {
        return probabilitiesWithout(new int[0]);
    }

    /** Class probabilities with the given units' activations set to zero. */
    public double[] probabilitiesWithout(int[] zeroed) {
        return probabilitiesWithout(pooled(), zeroed);
    }

    /**
     * Class probabilities from pooled activations ({@link #pooled()}, computed once by a caller that ablates
     * many unit sets) with the given units set to zero; {@code pooled} is not changed.
     */
    public double[] probabilitiesWithout(double[] pooledActivations, int[] zeroed) {
        double[] z = logitsWithout(pooledActivations, zeroed);
        double max = Arrays.stream(z).max().orElse(0);
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < z.length; c++) {
            z[c] /= sum;
        }
        return z;
    }

    /**
     * Class logits (the head's outputs before the softmax) from pooled activations with the given units set
     * to zero. Ablation is measured on logits: a softmax near 0 or 1 hides how much a unit contributed.
     */
    public double[] logitsWithout(double[] pooledActivations, int[] zeroed) {
        double[] pooled = pooledActivations.clone();
        for (int k : zeroed) {
            pooled[k] = 0;
        }
        double[] z = new double[head.classes()];
        for (int c = 0; c < z.length; c++) {
            double v = head.bias()[c];
            for (int k = 0; k < pooled.length; k++) {
                v += head.weight(c, k) * pooled[k];
            }
            z[c] = v;
        }
        return z;
    }

    /** One unit's raw map, {@code [h, w]}. */
    public FloatTensor unitMap(int unit) {
        int hw = mapHeight() * mapWidth();
        float[] m = Arrays.copyOfRange(activations.data(), unit * hw, (unit + 1) * hw);
        return new FloatTensor(new int[] {mapHeight(), mapWidth()}, m);
    }

    /** The class-probability map of a class (the head as a 1x1 convolution, METHOD.md §1), {@code [h, w]}. */
    public FloatTensor classMap(int classIndex) {
        int hw = mapHeight() * mapWidth();
        float[] all = ClassMaps.probabilities(activations, 0, head);
        return new FloatTensor(new int[] {mapHeight(), mapWidth()},
                Arrays.copyOfRange(all, classIndex * hw, (classIndex + 1) * hw));
    }

    /**
     * Whole-image class probabilities of a classifier trained on patches (METHOD.md §1): the head applied at
     * every location of the layer's map gives a class-probability map; the image takes the probabilities of
     * its most suspicious location, the one where the first class (normal) is least probable once the maps are
     * averaged over a window about a training patch wide ({@link SuspiciousPlace}). An image is
     * then called what its most suspicious region looks like, which is what a reader of a mammogram does;
     * the pooled probabilities ({@link #probabilities()}) instead average that region away among the
     * normal tissue around it.
     */
    public double[] mostSuspiciousProbabilities() {
        return mostSuspiciousProbabilities(null);
    }

    /**
     * As {@link #mostSuspiciousProbabilities()}, among the locations marked in {@code allowed} ({@code [h * w]};
     * null or none marked: all). A patch classifier was trained on patches that were mostly breast; at the
     * skin line, the image border and in the background it never learnt what normal looks like.
     */
    public double[] mostSuspiciousProbabilities(boolean[] allowed) {
        return SuspiciousPlace.probabilities(ClassMaps.probabilities(activations, 0, head), head.classes(), mapHeight(),
                mapWidth(), allowed);
    }

    /**
     * The same forward pass with the maps zeroed where {@code allowed} ({@code [h * w]}) is false: what the
     * explanation ranks, draws and ablates, so that a unit's answer in the background, where a patch classifier
     * never saw anything in training, neither ranks it nor lights its heatmap. Unchanged when nothing or
     * everything is allowed.
     */
    public ImageForward within(boolean[] allowed) {
        int hw = mapHeight() * mapWidth();
        if (allowed == null || allowed.length != hw) {
            return this;
        }
        int marked = 0;
        for (boolean a : allowed) {
            marked += a ? 1 : 0;
        }
        if (marked == 0 || marked == hw) {
            return this;
        }
        float[] data = activations.data().clone();
        for (int u = 0; u < units(); u++) {
            for (int i = 0; i < hw; i++) {
                if (!allowed[i]) {
                    data[u * hw + i] = 0f;
                }
            }
        }
        return new ImageForward(classes, new FloatTensor(activations.shape(), data), head);
    }
}
