package org.deepminer.api.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

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
 * @param metadata what the model file says of itself (ONNX metadata_props, or what DeepMiner stores beside a
 *        Deeplearning4j network), e.g. {@value #ARCH} and {@value #PATCH_FRACTION}; empty when it says nothing
 */
public record ModelInfo(String name, String backend, String sha256, List<String> classes, InputSpec input,
        String defaultLayer, List<LayerInfo> layers, Map<String, String> metadata) {
    /** Metadata key: the architecture name of a network DeepMiner trained. */
    public static final String ARCH = "arch";
    /** Metadata key: the side of the training patches as a fraction of the image width. */
    public static final String PATCH_FRACTION = "patch_fraction";

    public ModelInfo {
        classes = List.copyOf(classes);
        layers = List.copyOf(layers);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A model whose file says nothing of itself. */
    public ModelInfo(String name, String backend, String sha256, List<String> classes, InputSpec input,
            String defaultLayer, List<LayerInfo> layers) {
        this(name, backend, sha256, classes, input, defaultLayer, layers, Map.of());
    }

    /**
     * The side of the patches the model was trained on, as a fraction of the image width, when its metadata
     * says so with a number in (0, 1]; patch-level measures cut patches of that size by default.
     */
    public OptionalDouble patchFraction() {
        String v = metadata.get(PATCH_FRACTION);
        if (v == null) {
            return OptionalDouble.empty();
        }
        try {
            double f = Double.parseDouble(v.trim());
            return f > 0 && f <= 1 ? OptionalDouble.of(f) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty(); // a model file's free text, not ours to reject
        }
    }

    public Optional<LayerInfo> layer(String layerName) {
        return layers.stream().filter(l -> l.name().equals(layerName)).findFirst();
    }
}
