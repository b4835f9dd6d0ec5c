package org.deepminer.backend.onnx.internal;

import static org.deepminer.backend.onnx.internal.OnnxBackendTest.assertCamIdentity;
import static org.deepminer.backend.onnx.internal.OnnxBackendTest.assertSoftmax;
import static org.deepminer.backend.onnx.internal.OnnxBackendTest.batch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.api.model.LayerInfo;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The head after a layer, on each head form the backend reads; checked through the CAM identity. */
class HeadFinderTest {

    @TempDir
    Path dir;

    final OnnxBackend backend = new OnnxBackend();

    private LoadedModel load(ModelBuilder.Built b, String name) throws Exception {
        return backend.load(ModelSource.of(name, b.builder().write(dir, name + ".onnx")));
    }

    private static void assertHead(LoadedModel m, ModelBuilder.Built b, int n, int h, int w) {
        assertEquals(b.headLayer(), m.info().defaultLayer());
        ForwardResult r = m.forward(batch(n * 31L + h, n, m.info().input().channels(), h, w), Set.of(b.headLayer()));
        ClassifierHead head = m.head(b.headLayer());
        assertCamIdentity(r, head, b.headLayer());
        assertSoftmax(r);
    }

    @Test
    void oneByOneConvHead() throws Exception {
        ModelBuilder.Built b = ModelBuilder.convHead(21, 3);
        try (LoadedModel m = load(b, "convhead")) {
            assertHead(m, b, 2, 24, 24);
            ClassifierHead head = m.head(b.headLayer());
            String conv = "conv5";
            assertArrayEquals(b.builder().w(conv + ".weight"), head.weights()); // [classes, units, 1, 1]
            assertArrayEquals(b.builder().w(conv + ".bias"), head.bias());
        }
    }

    @Test
    void residualNetworkWithBatchNormalization() throws Exception {
        ModelBuilder.Built b = ModelBuilder.residual(22, 3);
        try (LoadedModel m = load(b, "residual")) {
            assertHead(m, b, 3, 20, 20);
            // the Add before the last Relu is not the tensor the head weighs: the error says which one is
            String add = m.info().layers().get(m.info().layers().size() - 5).name();
            assertEquals("Add", m.info().layer(add).orElseThrow().op());
            DeepMinerException e = assertThrows(DeepMinerException.class, () -> m.head(add));
            assertTrue(e.getMessage().contains("goes on to Relu"), e.getMessage());
            assertTrue(e.getMessage().contains("choose layer '" + b.headLayer() + "' instead"), e.getMessage());
            assertTrue(e.getMessage().startsWith(dir.resolve("residual.onnx").toString()), e.getMessage());
        }
    }

    @Test
    void dynamicHeightAndWidth() throws Exception {
        ModelBuilder.Built b = ModelBuilder.dynamic(23, 4);
        try (LoadedModel m = load(b, "dynamic")) {
            assertEquals(0, m.info().input().height());
            assertEquals(0, m.info().input().width());
            assertFalse(m.info().input().fixedSize());
            LayerInfo last = m.info().layer(b.headLayer()).orElseThrow();
            assertEquals(List.of(-1L, 10L, -1L, -1L), last.shape());
            assertHead(m, b, 2, 20, 20);
            assertHead(m, b, 1, 33, 17);
            assertArrayEquals(new int[] {1, 10, 9, 5}, // 33x17 -> conv s2 17x9 -> pool s2 9x5
                    m.forward(batch(1, 1, 3, 33, 17), Set.of(b.headLayer())).activation(b.headLayer()).shape());
        }
    }

    private static void assertFalse(boolean b) {
        org.junit.jupiter.api.Assertions.assertFalse(b);
    }

    @Test
    void matMulAndAddHead() throws Exception {
        ModelBuilder.Built b = ModelBuilder.matMulHead(24, 2);
        try (LoadedModel m = load(b, "matmul")) {
            assertHead(m, b, 2, 16, 16);
            ClassifierHead head = m.head(b.headLayer());
            float[] w = b.builder().w("fc.w"); // [units, classes]
            for (int c = 0; c < 2; c++) {
                for (int k = 0; k < 6; k++) {
                    assertEquals(w[k * 2 + c], head.weight(c, k));
                }
            }
            assertArrayEquals(b.builder().w("fc.b"), head.bias());
        }
    }

    @Test
    void reduceMeanHeadsWithGemmAlphaBetaAndTransposedWeights() throws Exception {
        for (boolean keepDims : new boolean[] {true, false}) {
            ModelBuilder.Built b = ModelBuilder.reduceMeanHead(25, 3, keepDims);
            try (LoadedModel m = load(b, "reducemean" + keepDims)) {
                assertHead(m, b, 2, 12, 12);
                ClassifierHead head = m.head(b.headLayer());
                String gemm = b.logits();
                // alpha 0.5 scales the weights, beta 2 the bias
                assertEquals(0.5f * b.builder().w(gemm + ".weight")[1 * 3 + 2], head.weight(2, 1), 1e-7f);
                assertEquals(2f * b.builder().w(gemm + ".bias")[1], head.bias()[1], 1e-7f);
            }
        }
    }

    @Test
    void averagePoolOverTheWholeMapIsAGlobalPooling() throws Exception {
        ModelBuilder m = new ModelBuilder(26);
        String x = m.input("image", 1, 3, 8, 8);
        String r = m.relu(m.conv(x, 3, 4, 3, 2, 1, true));
        String pool = m.node("AveragePool", new String[] {r}, "kernel_shape", new long[] {4, 4});
        String fc = m.gemm(m.flatten(pool), 4, 2, true, 1f, 1f);
        m.output(fc, 1, 2);
        ModelBuilder.Built b = new ModelBuilder.Built(m, r, fc);
        try (LoadedModel model = load(b, "avgpool")) {
            assertHead(model, b, 1, 8, 8);
        }
    }

    @Test
    void onlyTheTensorEnteringThePoolingHasAHead() throws Exception {
        ModelBuilder.Built b = ModelBuilder.smallCnn(27, 3, 16, 2);
        try (OnnxModel m = (OnnxModel) load(b, "heads")) {
            assertEquals(List.of(b.headLayer()), m.heads().headLayers());
            DeepMinerException early = assertThrows(DeepMinerException.class, () -> m.head("conv3"));
            assertTrue(early.getMessage().contains("it goes on to Relu 'relu4'"), early.getMessage());
            assertTrue(early.getMessage().contains("choose layer 'relu4' instead"), early.getMessage());
            DeepMinerException late = assertThrows(DeepMinerException.class, () -> m.head("flatten6"));
            assertTrue(late.getMessage().contains("it goes on to Gemm 'gemm7'"), late.getMessage());
            assertTrue(late.getMessage().contains("choose layer 'relu4' instead"), late.getMessage());
            DeepMinerException scores = assertThrows(DeepMinerException.class, () -> m.head("gemm7"));
            assertTrue(scores.getMessage().contains("class scores themselves"), scores.getMessage());
        }
    }
}
