package org.deepminer.backend.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelSource;
import org.deepminer.backend.onnx.internal.proto.Onnx.ModelProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.TensorProto;
import org.deepminer.data.support.fuzz.Fuzz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile model files: mutations of small ONNX classifiers (Gemm head, dynamic size, MatMul + Add head, ReduceMean
 * head), plus hand-made ones (an initializer declaring 2^40 floats, a graph 5,000 nodes deep, dims of 2^31).
 * Loading each (the backend's own protobuf parsing, graph analysis and shape inference, then ONNX Runtime), and
 * for every other input a forward pass and the head, must work or fail with a DeepMinerException naming the file,
 * within 2 s, without allocating more than the cap.
 */
class OnnxFuzzTest {
    @TempDir
    Path dir;

    final OnnxBackend backend = new OnnxBackend();

    @Test
    void hostileModelFiles() throws Exception {
        Path cnn = ModelBuilder.smallCnn(41, 3, 16, 3).builder().write(dir, "cnn.onnx");
        Path dynamic = ModelBuilder.dynamic(42, 2).builder().write(dir, "dynamic.onnx");
        Path matMul = ModelBuilder.matMulHead(43, 3).builder().write(dir, "matmul.onnx");
        Path reduceMean = ModelBuilder.reduceMeanHead(44, 2, false).builder().write(dir, "reducemean.onnx");
        Fuzz.Seed cnnSeed = Fuzz.Seed.of(cnn);
        ModelProto good = ModelProto.parseFrom(cnnSeed.valid());

        // an initializer that says it holds 2^40 floats but carries 16 bytes
        ModelProto.Builder huge = good.toBuilder();
        huge.getGraphBuilder().setInitializer(0, huge.getGraph().getInitializer(0).toBuilder().clearDims()
                .addDims(1L << 20).addDims(1L << 20).clearFloatData().setRawData(com.google.protobuf.ByteString.copyFrom(
                        new byte[16])).setDataType(TensorProto.DataType.FLOAT_VALUE));
        // the input's dims at the int limit
        ModelProto.Builder wide = good.toBuilder();
        var dims = wide.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
        dims.getDimBuilder(2).setDimValue(1L << 31);
        dims.getDimBuilder(3).setDimValue(1L << 31);
        // 5,000 Relus in a row after the first one
        ModelBuilder deep = new ModelBuilder(45);
        String t = deep.input("image", 1, 1, 8, 8);
        for (int i = 0; i < 5000; i++) {
            t = deep.relu(t);
        }
        deep.output(deep.gemm(deep.flatten(deep.globalAveragePool(t)), 1, 2, true, 1f, 1f), 1, 2);

        Fuzz fuzz = new Fuzz("onnx", 20240615L)
                .hostile(cnnSeed, "an initializer declaring 2^40 floats", huge.build().toByteArray())
                .hostile(cnnSeed, "input height and width of 2^31", wide.build().toByteArray())
                .hostile(cnnSeed, "5,000 nodes deep", deep.bytes())
                .hostile(cnnSeed, "empty", new byte[0]);
        Fuzz.Summary s = fuzz.run(List.of(cnnSeed, Fuzz.Seed.of(dynamic), Fuzz.Seed.of(matMul),
                Fuzz.Seed.of(reduceMean)), Fuzz.inputs(400), this::loadAndRun);
        System.out.println(s.line());
        s.findings().forEach(f -> System.out.println("  " + f));
        assertTrue(s.clean(), s.line() + "\n" + String.join("\n", s.findings()));
        assertTrue(s.cleanError() > 0 && s.read() > 0, "a hostile corpus both loads and fails: " + s.line());
    }

    /** Loads; for strict inputs also runs a batch with every layer's activations and asks for the head. */
    private void loadAndRun(Path file, boolean strict) {
        backend.canLoad(ModelSource.of("m", file));
        try (LoadedModel m = backend.load(ModelSource.of("m", file))) {
            if (strict) {
                InputSpec in = m.info().input();
                int h = in.height() > 0 ? in.height() : 16;
                int w = in.width() > 0 ? in.width() : 16;
                m.forward(OnnxBackendTest.batch(1, 1, in.channels(), h, w), Set.copyOf(m.info().layers().stream()
                        .map(l -> l.name()).limit(4).toList()));
                m.head(m.info().defaultLayer());
            }
        }
    }

    static byte[] bytes(Path p) throws Exception {
        return Files.readAllBytes(p);
    }
}
