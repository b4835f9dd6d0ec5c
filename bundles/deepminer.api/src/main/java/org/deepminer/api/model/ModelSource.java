package org.deepminer.api.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A model file plus what its bundle or sidecar declares about it. Declared values win over what the
 * backend reads from the file; empty ones are filled in by the backend.
 *
 * @param name the model's name
 * @param file the model file (ONNX, DL4J zip, ...)
 * @param backend the declared backend, or empty to let any backend that {@link ModelBackend#canLoad} try
 * @param classes declared class names, or empty to read them from the file or number them
 * @param defaultLayer declared layer to probe, or empty to let the backend find the last conv layer
 * @param input declared input, or empty to read it from the file
 */
public record ModelSource(String name, Path file, Optional<String> backend, List<String> classes,
        Optional<String> defaultLayer, Optional<InputSpec> input) {
    public ModelSource {
        classes = List.copyOf(classes);
    }

    public static ModelSource of(String name, Path file) {
        return new ModelSource(name, file, Optional.empty(), List.of(), Optional.empty(), Optional.empty());
    }
}
