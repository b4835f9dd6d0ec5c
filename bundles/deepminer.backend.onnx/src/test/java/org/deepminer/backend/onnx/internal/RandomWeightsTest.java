package org.deepminer.backend.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelSource;
import org.deepminer.backend.onnx.RandomWeights;
import org.deepminer.backend.onnx.internal.proto.Onnx.ModelProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.TensorProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomWeightsTest {
    @TempDir
    Path dir;

    static Map<String, float[]> initializers(byte[] model) throws Exception {
        return ModelProto.parseFrom(model).getGraph().getInitializerList().stream()
                .filter(t -> t.getDataType() == TensorProto.DataType.FLOAT_VALUE)
                .collect(Collectors.toMap(TensorProto::getName, t -> TensorData.floats(t, "test")));
    }

    static double std(float[] v) {
        double m = 0;
        for (float x : v) {
            m += x;
        }
        m /= v.length;
        double s = 0;
        for (float x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }

    @Test
    void weightsAreDrawnWithTheTrainedSpreadAndBatchNormIsReset() throws Exception {
        ModelBuilder.Built b = ModelBuilder.resNet18(3, 64, 64, 3);
        Path trained = b.builder().write(dir, "trained.onnx");
        Path control = dir.resolve("control/control.onnx");
        RandomWeights.Report report = RandomWeights.write(trained, control, 42);
        Map<String, float[]> before = initializers(Files.readAllBytes(trained));
        Map<String, float[]> after = initializers(Files.readAllBytes(control));
        assertEquals(before.keySet(), after.keySet());
        int weights = 0;
        for (String name : before.keySet()) {
            float[] t = before.get(name);
            float[] r = after.get(name);
            assertEquals(t.length, r.length, name);
            if (name.endsWith(".weight")) {
                weights++;
                assertFalse(Arrays.equals(t, r), name);
                // a normal draw of the trained tensor's spread: within 3 % for the large tensors
                double tolerance = t.length > 10_000 ? 0.03 : 0.25;
                assertEquals(std(t), std(r), std(t) * tolerance, name);
            } else if (name.endsWith(".scale") || name.endsWith(".var")) {
                assertTrue(allEqual(r, 1f), name);
            } else if (name.endsWith(".b") || name.endsWith(".mean") || name.endsWith(".bias")) {
                assertTrue(allEqual(r, 0f), name);
            }
        }
        assertEquals(weights, report.weights(), "every Conv and Gemm weight, once");
        assertEquals(20, report.batchNorms());
        assertTrue(new String(Files.readAllBytes(control), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("random weights (seed 42)"));

        // the control loads, runs, and says something else than the trained model
        OnnxBackend backend = new OnnxBackend();
        try (LoadedModel m = backend.load(ModelSource.of("trained", trained));
                LoadedModel c = backend.load(ModelSource.of("control", control))) {
            assertEquals(m.info().layers(), c.info().layers(), "same architecture");
            ForwardResult rt = m.forward(OnnxBackendTest.batch(5, 2, 3, 64, 64), Set.of(b.headLayer()));
            ForwardResult rc = c.forward(OnnxBackendTest.batch(5, 2, 3, 64, 64), Set.of(b.headLayer()));
            assertFalse(Arrays.equals(rt.logits().data(), rc.logits().data()));
            float[] a = rc.activation(b.headLayer()).data();
            assertTrue(Arrays.stream(toDouble(a)).allMatch(Double::isFinite));
            assertTrue(Arrays.stream(toDouble(a)).anyMatch(v -> v > 0), "live units, not a dead network");
            // the head of the control is found like the trained one's
            assertEquals(m.head(b.headLayer()).units(), c.head(b.headLayer()).units());
        }
    }

    @Test
    void theSameSeedGivesTheSameControlAndAnotherSeedAnother() throws Exception {
        byte[] model = ModelBuilder.smallCnn(1, 1, 16, 3).builder().bytes();
        byte[] a = RandomWeights.randomize(model, 7, "m").bytes();
        byte[] b = RandomWeights.randomize(model, 7, "m").bytes();
        byte[] c = RandomWeights.randomize(model, 8, "m").bytes();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void weightsStoredAsFloatDataAndConstantsAreHandled() throws Exception {
        ModelBuilder m = new ModelBuilder(3);
        m.floatData = true;
        String x = m.input("image", 1, 1, 8, 8);
        String r = m.relu(m.conv(x, 1, 4, 3, 1, 1, true));
        String fc = m.gemm(m.flatten(m.globalAveragePool(r)), 4, 2, true, 1f, 1f);
        m.output(fc, 1, 2);
        RandomWeights.Result out = RandomWeights.randomize(m.bytes(), 1, "m");
        assertEquals(2, out.report().weights());
        assertEquals(2, out.report().zeroed(), "the Conv's and the Gemm's bias");
        Map<String, float[]> after = initializers(out.bytes());
        assertFalse(Arrays.equals(m.w("conv1.weight"), after.get("conv1.weight")));
        assertTrue(allEqual(after.get("conv1.bias"), 0f));
    }

    @Test
    void notAModelIsAClearError() {
        DeepMinerException e = assertThrows(DeepMinerException.class,
                () -> RandomWeights.randomize(new byte[] {1, 2, 3}, 1, "junk.onnx"));
        assertTrue(e.getMessage().startsWith("junk.onnx: not an ONNX model"), e.getMessage());
        DeepMinerException missing = assertThrows(DeepMinerException.class,
                () -> RandomWeights.write(dir.resolve("none.onnx"), dir.resolve("out.onnx"), 1));
        assertTrue(missing.getMessage().contains("none.onnx"), missing.getMessage());
    }

    private static boolean allEqual(float[] v, float x) {
        for (float f : v) {
            if (f != x) {
                return false;
            }
        }
        return true;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
