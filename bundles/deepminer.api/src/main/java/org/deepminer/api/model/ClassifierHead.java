package org.deepminer.api.model;

import java.util.Arrays;

/**
 * The global-average-pooling + linear head that follows a conv layer: {@code logit_c = sum_k
 * weights[c][k] * mean_xy A_k + bias_c}. DeepMiner's unit ranking and explanations need exactly this.
 *
 * @param layer the conv layer the head follows
 * @param classes number of classes
 * @param units number of units (channels) of the layer
 * @param weights {@code classes x units}, row-major: weight of unit k for class c at {@code c * units + k}
 * @param bias one value per class
 */
public record ClassifierHead(String layer, int classes, int units, float[] weights, float[] bias) {
    public ClassifierHead {
        if (weights.length != classes * units || bias.length != classes) {
            throw new IllegalArgumentException("head of " + layer + ": " + classes + "x" + units
                    + " needs " + classes * units + " weights and " + classes + " biases, got "
                    + weights.length + " and " + bias.length);
        }
    }

    public float weight(int classIndex, int unit) {
        return weights[classIndex * units + unit];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassifierHead h && layer.equals(h.layer) && classes == h.classes
                && units == h.units && Arrays.equals(weights, h.weights) && Arrays.equals(bias, h.bias);
    }

    @Override
    public int hashCode() {
        return layer.hashCode() * 31 + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "ClassifierHead[" + layer + ", " + classes + "x" + units + "]";
    }
}
