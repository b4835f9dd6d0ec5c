package org.deepminer.backend.onnx.internal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A small ONNX CNN for the runtime's integration tests, built with the backend's test {@code ModelBuilder}
 * (from its test-jar; package-private, hence this bridge in its package). Seeded random weights.
 */
public final class ItModels {
    private ItModels() {}

    /**
     * Two conv + ReLU blocks with max pooling, a third conv + ReLU (16 units) into global average pooling and a
     * 3-class Gemm; grey {@code size x size} input, symbolic batch, class names in the metadata.
     *
     * @return the file; its head layer is the last ReLU
     */
    public static Path patchCnn(Path dir, String fileName, int size) throws IOException {
        ModelBuilder m = new ModelBuilder(17);
        String x = m.input("image", "batch", 1, size, size);
        String t = m.maxPool(m.relu(m.conv(x, 1, 8, 3, 1, 1, true)), 2, 2, 0);
        t = m.maxPool(m.relu(m.conv(t, 8, 16, 3, 1, 1, true)), 2, 2, 0);
        String head = m.relu(m.conv(t, 16, 16, 3, 1, 1, true));
        String fc = m.gemm(m.flatten(m.globalAveragePool(head)), 16, 3, true, 1f, 1f);
        m.output(fc, "batch", 3);
        m.metadata("classes", "normal,benign,malignant");
        return m.write(dir, fileName);
    }
}
