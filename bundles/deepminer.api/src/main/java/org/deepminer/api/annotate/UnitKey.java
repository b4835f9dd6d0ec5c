package org.deepminer.api.annotate;

/**
 * Identifies a unit across runs: the same model file, layer and channel is the same unit.
 *
 * @param modelSha256 hash of the model file
 * @param layer layer name
 * @param unit channel index
 */
public record UnitKey(String modelSha256, String layer, int unit) {
    public UnitKey {
        if (unit < 0) {
            throw new IllegalArgumentException("negative unit " + unit);
        }
    }
}
