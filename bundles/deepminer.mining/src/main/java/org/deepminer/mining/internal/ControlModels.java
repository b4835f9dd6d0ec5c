package org.deepminer.mining.internal;

import java.nio.file.Path;
import org.deepminer.api.DeepMinerException;

/**
 * The random-weights control model, through the onnx backend's {@code RandomWeights} (an optional import:
 * without the onnx backend the mining bundle works, but {@code --control random} cannot).
 */
final class ControlModels {
    private ControlModels() {}

    static void write(Path trained, Path control, long seed) {
        try {
            org.deepminer.backend.onnx.RandomWeights.write(trained, control, seed);
        } catch (NoClassDefFoundError e) {
            throw new DeepMinerException(trained.toString(), "--control random re-initialises ONNX models and needs the "
                    + "onnx backend bundle (--features onnx)");
        }
    }
}
