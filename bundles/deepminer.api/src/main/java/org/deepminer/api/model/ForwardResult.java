package org.deepminer.api.model;

import java.util.Map;

/**
 * What one forward pass of a batch returns.
 *
 * @param logits {@code [n, classes]} class scores before softmax
 * @param probabilities {@code [n, classes]} softmax of the logits
 * @param activations the requested layers' tensors by layer name, each {@code [n, units, h, w]}
 */
public record ForwardResult(FloatTensor logits, FloatTensor probabilities, Map<String, FloatTensor> activations) {
    public ForwardResult {
        activations = Map.copyOf(activations);
    }

    /**
     * The row-wise softmax of {@code [n, classes]} logits, computed stably in double precision: what every
     * backend returns as probabilities when the graph has no softmax of its own.
     */
    public static FloatTensor softmax(FloatTensor logits) {
        int rows = logits.dim(0);
        int c = logits.rank() > 1 ? logits.dim(1) : 1;
        float[] l = logits.data();
        float[] p = new float[l.length];
        for (int i = 0; i < rows; i++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, l[i * c + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                double e = Math.exp(l[i * c + j] - max);
                p[i * c + j] = (float) e;
                sum += e;
            }
            for (int j = 0; j < c; j++) {
                p[i * c + j] = (float) (p[i * c + j] / sum);
            }
        }
        return new FloatTensor(logits.shape().clone(), p);
    }

    public FloatTensor activation(String layer) {
        FloatTensor t = activations.get(layer);
        if (t == null) {
            throw new IllegalArgumentException("layer " + layer + " was not requested; have " + activations.keySet());
        }
        return t;
    }
}
