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

    public FloatTensor activation(String layer) {
        FloatTensor t = activations.get(layer);
        if (t == null) {
            throw new IllegalArgumentException("layer " + layer + " was not requested; have " + activations.keySet());
        }
        return t;
    }
}
