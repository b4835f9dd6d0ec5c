package org.deepminer.backend.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.LayerInfo;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxBackendTest {

    @TempDir
    Path dir;

    final OnnxBackend backend = new OnnxBackend();

    static FloatTensor batch(long seed, int n, int c, int h, int w) {
        return new FloatTensor(new int[] {n, c, h, w}, Reference.randomImage(new Random(seed), n * c * h * w));
    }

    /** logit_c = sum_k w[c][k] mean_xy A_k + b_c, from the exposed activations and the extracted head. */
    static void assertCamIdentity(ForwardResult r, ClassifierHead head, String layer) {
        FloatTensor a = r.activation(layer);
        int n = a.dim(0);
        int units = a.dim(1);
        int hw = a.dim(2) * a.dim(3);
        assertEquals(head.units(), units);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < head.classes(); c++) {
                double logit = head.bias()[c];
                for (int k = 0; k < units; k++) {
                    double mean = 0;
                    for (int p = 0; p < hw; p++) {
                        mean += a.data()[(i * units + k) * hw + p];
                    }
                    logit += head.weight(c, k) * mean / hw;
                }
                assertEquals(logit, r.logits().data()[i * head.classes() + c], 1e-4, "image " + i + " class " + c);
            }
        }
    }

    static void assertSoftmax(ForwardResult r) {
        int n = r.logits().dim(0);
        int c = r.logits().dim(1);
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, r.logits().data()[i * c + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                sum += Math.exp(r.logits().data()[i * c + j] - max);
            }
            for (int j = 0; j < c; j++) {
                assertEquals(Math.exp(r.logits().data()[i * c + j] - max) / sum, r.probabilities().data()[i * c + j], 1e-6);
            }
        }
    }

    @Test
    void smallCnnInfoLayersAndDefaults() throws Exception {
        ModelBuilder.Built b = ModelBuilder.smallCnn(1, 3, 32, 3);
        Path file = b.builder().write(dir, "small.onnx");
        try (LoadedModel m = backend.load(ModelSource.of("small", file))) {
            assertEquals("small", m.info().name());
            assertEquals("onnx", m.info().backend());
            assertEquals(List.of("class0", "class1", "class2"), m.info().classes());
            assertEquals(new InputSpec(3, 32, 32, List.of(0f), List.of(1f)), m.info().input());
            assertEquals(b.headLayer(), m.info().defaultLayer());
            assertEquals(64, m.info().sha256().length());
            // every node output, in graph order, with the shapes ONNX's rules give
            assertEquals(List.of("conv1", "relu2", "conv3", "relu4", "globalaveragepool5", "flatten6", "gemm7"),
                    m.info().layers().stream().map(LayerInfo::name).toList());
            assertEquals(new LayerInfo("conv3", "Conv", List.of(1L, 16L, 16L, 16L)), m.info().layer("conv3").orElseThrow());
            assertEquals(List.of(1L, 16L), m.info().layer("flatten6").orElseThrow().shape());
        }
    }

    @Test
    void camIdentityHoldsAndExposingALayerDoesNotChangeTheLogits() throws Exception {
        ModelBuilder.Built b = ModelBuilder.smallCnn(2, 3, 32, 3);
        ModelBuilder dynamicBatch = b.builder();
        Path file = dir.resolve("cnn.onnx");
        java.nio.file.Files.write(file, withBatch(dynamicBatch));
        try (LoadedModel m = backend.load(ModelSource.of("cnn", file))) {
            FloatTensor x = batch(7, 4, 3, 32, 32);
            ForwardResult plain = m.forward(x, Set.of());
            ForwardResult exposed = m.forward(x, Set.of(b.headLayer()));
            assertEquals(List.of(4, 3), List.of(plain.logits().dim(0), plain.logits().dim(1)));
            assertArrayEquals(plain.logits().data(), exposed.logits().data(), 1e-6f);
            assertArrayEquals(new int[] {4, 16, 16, 16}, exposed.activation(b.headLayer()).shape());
            ClassifierHead head = m.head(b.headLayer());
            // the head is the Gemm's weights, stored [classes, units] (transB = 1)
            assertArrayEquals(dynamicBatch.w("gemm7.weight"), head.weights());
            assertArrayEquals(dynamicBatch.w("gemm7.bias"), head.bias());
            assertCamIdentity(exposed, head, b.headLayer());
            assertSoftmax(plain);
        }
    }

    /** The small CNN with a symbolic batch dim. */
    static byte[] withBatch(ModelBuilder m) {
        var proto = m.build().toBuilder();
        var g = proto.getGraphBuilder();
        var in = g.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(0);
        in.clearDimValue().setDimParam("batch");
        g.getOutputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(0).clearDimValue()
                .setDimParam("batch");
        return proto.build().toByteArray();
    }

    @Test
    void plainJavaConvolutionEqualsOnnxRuntime() throws Exception {
        ModelBuilder m = new ModelBuilder(3);
        m.floatData = true; // the other storage of weights
        String x = m.input("x", "n", 3, 7, 9);
        String c = m.conv(x, 3, 4, 3, 2, 1, true);
        String r = m.relu(c);
        String gap = m.globalAveragePool(r);
        String fc = m.gemm(m.flatten(gap), 4, 2, true, 1f, 1f);
        m.output(fc, "n", 2);
        Path file = m.write(dir, "tiny.onnx");
        try (LoadedModel model = backend.load(ModelSource.of("tiny", file))) {
            FloatTensor batch = batch(11, 2, 3, 7, 9);
            ForwardResult out = model.forward(batch, Set.of(c));
            for (int i = 0; i < 2; i++) {
                float[] img = java.util.Arrays.copyOfRange(batch.data(), i * 3 * 63, (i + 1) * 3 * 63);
                float[] conv = Reference.conv(img, 3, 7, 9, m.w(c + ".weight"), m.w(c + ".bias"), 4, 3, 2, 1);
                float[] ort = java.util.Arrays.copyOfRange(out.activation(c).data(), i * conv.length, (i + 1) * conv.length);
                assertArrayEquals(conv, ort, 1e-5f);
                float[] logits = Reference.linear(Reference.mean(Reference.relu(conv), 4), m.w(fc + ".weight"),
                        m.w(fc + ".bias"), 2);
                assertArrayEquals(logits, java.util.Arrays.copyOfRange(out.logits().data(), i * 2, i * 2 + 2), 1e-5f);
            }
            assertArrayEquals(new int[] {2, 4, 4, 5}, out.activation(c).shape());
        }
    }

    @Test
    void declaredValuesWinAndMetadataNamesClasses() throws Exception {
        ModelBuilder.Built b = ModelBuilder.smallCnn(4, 1, 16, 2);
        b.builder().metadata("classes", "['benign', 'malignant']");
        b.builder().metadata("mean", "0.5");
        Path file = b.builder().write(dir, "meta.onnx");
        try (LoadedModel m = backend.load(ModelSource.of("meta", file))) {
            assertEquals(List.of("benign", "malignant"), m.info().classes());
            assertEquals(List.of(0.5f), m.info().input().mean());
            assertEquals(1, m.info().input().channels());
        }
        ModelSource declared = new ModelSource("declared", file, Optional.of("onnx"), List.of("a", "b"),
                Optional.of("relu2"), Optional.of(new InputSpec(1, 16, 16, List.of(0.25f), List.of(0.5f))));
        try (LoadedModel m = backend.load(declared)) {
            assertEquals(List.of("a", "b"), m.info().classes());
            assertEquals("relu2", m.info().defaultLayer());
            assertEquals(List.of(0.25f), m.info().input().mean());
            assertEquals(List.of(0.5f), m.info().input().std());
        }
    }

    @Test
    void aGraphEndingInSoftmaxReportsTheSoftmaxInputAsLogits() throws Exception {
        ModelBuilder.Built b = ModelBuilder.smallCnn(5, 3, 16, 4);
        ModelBuilder m = b.builder();
        String p = m.softmax(b.logits());
        // replace the output: the graph now ends in Softmax
        var proto = m.build().toBuilder();
        proto.getGraphBuilder().clearOutput().addOutput(ModelBuilder.valueInfo(p, 1, 4));
        Path file = dir.resolve("softmax.onnx");
        java.nio.file.Files.write(file, proto.build().toByteArray());
        try (LoadedModel model = backend.load(ModelSource.of("softmax", file))) {
            ForwardResult r = model.forward(batch(3, 1, 3, 16, 16), Set.of(b.headLayer()));
            assertSoftmax(r);
            assertCamIdentity(r, model.head(b.headLayer()), b.headLayer());
            float sum = 0;
            for (float v : r.logits().data()) {
                sum += Math.exp(v);
            }
            assertNotEquals(1f, sum, 1e-3f, "logits are not probabilities");
        }
    }

    @Test
    void aFixedBatchOfOneRunsLargerBatchesImageByImage() throws Exception {
        ModelBuilder.Built b = ModelBuilder.smallCnn(6, 3, 16, 3);
        Path file = b.builder().write(dir, "batch1.onnx");
        try (LoadedModel m = backend.load(ModelSource.of("b1", file))) {
            FloatTensor x = batch(9, 3, 3, 16, 16);
            ForwardResult all = m.forward(x, Set.of(b.headLayer()));
            assertArrayEquals(new int[] {3, 3}, all.logits().shape());
            assertArrayEquals(new int[] {3, 16, 8, 8}, all.activation(b.headLayer()).shape());
            for (int i = 0; i < 3; i++) {
                float[] one = java.util.Arrays.copyOfRange(x.data(), i * 768, (i + 1) * 768);
                ForwardResult single = m.forward(new FloatTensor(new int[] {1, 3, 16, 16}, one), Set.of());
                assertArrayEquals(single.logits().data(), java.util.Arrays.copyOfRange(all.logits().data(), i * 3, i * 3 + 3), 1e-6f);
            }
            assertCamIdentity(all, m.head(b.headLayer()), b.headLayer());
        }
    }

    @Test
    void sessionsAreCachedPerLayerSetAndTheLeastRecentlyUsedGoes() throws Exception {
        ModelBuilder.Built b = ModelBuilder.smallCnn(8, 3, 16, 3);
        Path file = b.builder().write(dir, "cache.onnx");
        OnnxBackend small = new OnnxBackend(new Settings(1, false, 0, 2, "all"));
        try (OnnxModel m = (OnnxModel) small.load(ModelSource.of("cache", file))) {
            FloatTensor x = batch(1, 1, 3, 16, 16);
            assertEquals(1, m.openSessions());
            ForwardResult a = m.forward(x, Set.of("conv1"));
            assertEquals(2, m.openSessions());
            m.forward(x, Set.of("conv1", "relu2"));
            assertEquals(2, m.openSessions(), "at most max.sessions");
            ForwardResult again = m.forward(x, Set.of("conv1"));
            assertArrayEquals(a.activation("conv1").data(), again.activation("conv1").data());
        }
    }
}
