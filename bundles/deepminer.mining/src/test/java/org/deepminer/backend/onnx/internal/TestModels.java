package org.deepminer.backend.onnx.internal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Small ONNX CNNs for the mining tests, built with the backend's test {@code ModelBuilder} (from its
 * test-jar; it is package-private, hence this bridge in its package). Seeded random weights.
 */
public final class TestModels {
    private TestModels() {}

    /** A written model and the layer whose output enters its pooling + linear head. */
    public record Written(Path file, String headLayer) {}

    /**
     * Three conv + ReLU blocks (8, 16 and {@code units} channels; two 2x2 max poolings), global average
     * pooling and a 3-class Gemm: grey input {@code size x size} (0 for any size), symbolic batch,
     * classes named in the metadata, mean 0.5 and std 0.25.
     */
    public static Written cnn(Path dir, String fileName, long seed, int size, int units) throws IOException {
        ModelBuilder m = new ModelBuilder(seed);
        Object h = size > 0 ? (Object) size : "height";
        Object w = size > 0 ? (Object) size : "width";
        String x = m.input("image", "batch", 1, h, w);
        String t = m.maxPool(m.relu(m.conv(x, 1, 8, 3, 1, 1, true)), 2, 2, 0);
        t = m.maxPool(m.relu(m.conv(t, 8, 16, 3, 1, 1, true)), 2, 2, 0);
        String head = m.relu(m.conv(t, 16, units, 3, 1, 1, true));
        String fc = m.gemm(m.flatten(m.globalAveragePool(head)), units, 3, true, 1f, 1f);
        m.output(fc, "batch", 3);
        m.metadata("classes", "normal,benign,malignant");
        m.metadata("mean", "0.5");
        m.metadata("std", "0.25");
        return new Written(m.write(dir, fileName), head);
    }

    /** ResNet-18 for 3 classes over grey-replicated-to-RGB input of any size: the benchmark's model. */
    public static Written resNet18(Path dir, String fileName, long seed) throws IOException {
        ModelBuilder.Built b = ModelBuilder.resNet18(seed, "height", "width", 3);
        b.builder().metadata("classes", "normal,benign,malignant");
        return new Written(b.builder().write(dir, fileName), b.headLayer());
    }
}
