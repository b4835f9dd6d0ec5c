package org.deepminer.backend.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.api.model.LayerInfo;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shapes deepminer:layers shows without running the model equal those ONNX Runtime produces. */
class ShapeInferenceTest {

    @TempDir
    Path dir;

    @Test
    void inferredShapesEqualOnnxRuntimesForEveryLayer() throws Exception {
        ModelBuilder m = new ModelBuilder(31);
        String x = m.input("image", 2, 3, 29, 23);
        String c1 = m.conv(x, 3, 6, 5, 2, 2, true);
        String p1 = m.node("MaxPool", new String[] {m.relu(c1)}, "kernel_shape", new long[] {3, 3}, "strides",
                new long[] {2, 2}, "ceil_mode", 1L);
        String c2 = m.node("Conv", new String[] {p1, m.random("c2.w", 0.2, 4, 6, 3, 3)}, "auto_pad", "SAME_UPPER",
                "strides", new long[] {2, 2});
        String c3 = m.node("Conv", new String[] {c2, m.random("c3.w", 0.2, 4, 4, 2, 2)}, "dilations", new long[] {2, 2});
        String cat = m.node("Concat", new String[] {c3, c3}, "axis", 1L);
        String red = m.node("ReduceMean", new String[] {cat}, "axes", new long[] {3}, "keepdims", 0L);
        String tr = m.node("Transpose", new String[] {red}, "perm", new long[] {0, 2, 1});
        String un = m.node("Unsqueeze", new String[] {tr, m.longs("ax", 1)});
        String sq = m.node("Squeeze", new String[] {un, m.longs("ax2", 1)});
        String flat = m.node("Reshape", new String[] {sq, m.longs("shape", 0, -1)});
        String mm = m.node("MatMul", new String[] {flat, m.random("w", 0.2, 16, 3)});
        m.output(mm, 2, 3);
        Path file = m.write(dir, "shapes.onnx");
        try (LoadedModel model = new OnnxBackend().load(ModelSource.of("shapes", file))) {
            Set<String> all = new LinkedHashSet<>();
            model.info().layers().forEach(l -> all.add(l.name()));
            ForwardResult r = model.forward(OnnxBackendTest.batch(1, 2, 3, 29, 23), all);
            for (LayerInfo l : model.info().layers()) {
                long[] inferred = l.shape().stream().mapToLong(Long::longValue).toArray();
                long[] actual = java.util.Arrays.stream(r.activation(l.name()).shape()).asLongStream().toArray();
                assertArrayEquals(actual, inferred, l.name() + " (" + l.op() + ")");
            }
            // 29x23 -> k5 s2 p2: 15x12 -> pool k3 s2 ceil: 7x6 -> SAME s2: 4x3 -> k2 dilation 2: 2x1
            assertEquals(List.of(2L, 4L, 2L, 1L), model.info().layer(c3).orElseThrow().shape());
        }
    }

    @Test
    void broadcastingFollowsNumpy() {
        assertArrayEquals(new long[] {2, 3, 4}, ShapeInference.broadcast(new long[] {3, 1}, new long[] {2, 1, 4}));
        assertArrayEquals(new long[] {-1, 5}, ShapeInference.broadcast(new long[] {-1, 1}, new long[] {5}));
        assertArrayEquals(new long[] {7, 5}, ShapeInference.broadcast(new long[] {-1, 5}, new long[] {7, 1}));
    }
}
