package org.deepminer.backend.dl4j.internal;

import java.util.List;

/**
 * What DeepMiner stores beside a network's weights ({@code deepminer.json} in the zip, and the ONNX model's
 * metadata_props): names, input normalisation and how the network was trained.
 *
 * @param classes class names in score order
 * @param concepts concept ids of the concept head's outputs, in order; empty without a concept head
 * @param channels input channels
 * @param mean subtracted from the [0, 1] grey values
 * @param std divided by after subtracting the mean
 * @param headLayer the layer the pooling + linear head follows
 * @param arch architecture name, or empty when not built by DeepMiner
 * @param patchFraction patch side as a fraction of the image width in training (0 when unknown)
 * @param patchSize the side, in pixels, patches were resized to (0 when unknown)
 */
public record NetworkMetadata(List<String> classes, List<String> concepts, int channels, float mean, float std,
        String headLayer, String arch, double patchFraction, int patchSize) {
    public NetworkMetadata {
        classes = classes == null ? List.of() : List.copyOf(classes);
        concepts = concepts == null ? List.of() : List.copyOf(concepts);
        headLayer = headLayer == null ? "" : headLayer;
        arch = arch == null ? "" : arch;
    }
}
