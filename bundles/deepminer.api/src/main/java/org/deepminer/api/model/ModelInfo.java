package org.deepminer.api.model;

import java.util.List;
import java.util.Optional;

/**
 * What is known of a loaded model.
 *
 * @param name the model's name
 * @param backend the backend that loaded it
 * @param sha256 SHA-256 of the model file, hex; identifies the model in runs and annotations
 * @param classes class names in score order, e.g. {@code [normal, benign, malignant]}
 * @param input the input the model expects
 * @param defaultLayer the layer probed when none is named (normally the last conv layer)
 * @param layers the probe-able tensors, in graph order
 */
public record ModelInfo(String name, String backend, String sha256, List<String> classes, InputSpec input,
        String defaultLayer, List<LayerInfo> layers) {
    public ModelInfo {
        classes = List.copyOf(classes);
        layers = List.copyOf(layers);
    }

    public Optional<LayerInfo> layer(String layerName) {
        return layers.stream().filter(l -> l.name().equals(layerName)).findFirst();
    }
}
