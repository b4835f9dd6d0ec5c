package org.deepminer.api.model;

import java.util.List;

/**
 * One named tensor of a model that can be probed.
 *
 * @param name the tensor (ONNX) or layer (DL4J) name, as users type it
 * @param op the operator or layer type that produces it, e.g. {@code Conv}, {@code Relu}
 * @param shape the shape when known, NCHW for feature maps; -1 for an unknown (dynamic) dimension
 */
public record LayerInfo(String name, String op, List<Long> shape) {
    public LayerInfo {
        shape = List.copyOf(shape);
    }

    /** Number of channels (units) of an NCHW feature map, or -1 when unknown. */
    public long units() {
        return shape.size() == 4 ? shape.get(1) : -1;
    }
}
