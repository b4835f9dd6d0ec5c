package org.deepminer.backend.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelSource;
import org.deepminer.backend.onnx.internal.proto.Onnx.TensorProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/** Every bad model or input gives a DeepMinerException that names the model file and says what is wrong. */
class BadInputTest {

    @TempDir
    Path dir;

    final OnnxBackend backend = new OnnxBackend();

    private static void assertFails(Path file, String expected, Executable action) {
        DeepMinerException e = assertThrows(DeepMinerException.class, action);
        System.out.println("bad input -> " + e.getMessage()); // the messages users read, for review in the test log
        assertTrue(e.getMessage().startsWith(file.toAbsolutePath().toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "'" + expected + "' not in: " + e.getMessage());
    }

    private Path good(String name) throws Exception {
        return ModelBuilder.smallCnn(41, 3, 16, 3).builder().write(dir, name);
    }

    @Test
    void missingEmptyTruncatedAndGarbageFiles() throws Exception {
        Path missing = dir.resolve("missing.onnx");
        assertFails(missing, "no such model file", () -> backend.load(ModelSource.of("m", missing)));

        Path empty = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        assertFails(empty, "empty", () -> backend.load(ModelSource.of("m", empty)));

        byte[] bytes = Files.readAllBytes(good("good.onnx"));
        for (int cut : new int[] {bytes.length / 2, bytes.length - 3, 40}) {
            Path truncated = Files.write(dir.resolve("truncated" + cut + ".onnx"), Arrays.copyOf(bytes, cut));
            DeepMinerException e = assertThrows(DeepMinerException.class, () -> backend.load(ModelSource.of("m", truncated)));
            assertTrue(e.getMessage().startsWith(truncated.toString()), e.getMessage());
        }
        Path half = dir.resolve("truncated" + bytes.length / 2 + ".onnx");
        assertFails(half, "truncated", () -> backend.load(ModelSource.of("m", half)));

        byte[] noise = new byte[5000];
        new Random(42).nextBytes(noise);
        Path garbage = Files.write(dir.resolve("garbage.onnx"), noise);
        assertFails(garbage, "not an ONNX model", () -> backend.load(ModelSource.of("m", garbage)));

        Path text = Files.writeString(dir.resolve("text.onnx"), "this is a README, not a model\n");
        assertFails(text, "not an ONNX model", () -> backend.load(ModelSource.of("m", text)));
    }

    @Test
    void unsupportedOperators() throws Exception {
        ModelBuilder m = new ModelBuilder(43);
        String x = m.input("image", 1, 3, 8, 8);
        String odd = m.node("MadeUpOp", new String[] {m.relu(x)});
        String fc = m.gemm(m.flatten(m.globalAveragePool(odd)), 3, 2, true, 1f, 1f);
        m.output(fc, 1, 2);
        Path file = m.write(dir, "madeup.onnx");
        assertFails(file, "unsupported operator MadeUpOp", () -> backend.load(ModelSource.of("m", file)));

        ModelBuilder c = new ModelBuilder(44);
        String y = c.input("image", 1, 3, 8, 8);
        c.nodeNamed("Frobnicate", "custom", new String[] {y}, new String[] {"f"});
        var proto = c.build().toBuilder();
        proto.getGraphBuilder().getNodeBuilder(0).setDomain("com.example");
        proto.addOpsetImport(org.deepminer.backend.onnx.internal.proto.Onnx.OperatorSetIdProto.newBuilder()
                .setDomain("com.example").setVersion(1));
        proto.getGraphBuilder().addOutput(ModelBuilder.valueInfo("f", 1, 3, 8, 8));
        Path custom = Files.write(dir.resolve("custom.onnx"), proto.build().toByteArray());
        assertFails(custom, "unsupported operator Frobnicate", () -> backend.load(ModelSource.of("m", custom)));
    }

    @Test
    void unknownLayerListsTheNearestNames() throws Exception {
        Path file = good("layers.onnx");
        try (LoadedModel m = backend.load(ModelSource.of("m", file))) {
            FloatTensor x = OnnxBackendTest.batch(1, 1, 3, 16, 16);
            assertFails(file, "no layer 'relu_4'; nearest: relu4, relu2", () -> m.forward(x, Set.of("relu_4")));
            assertFails(file, "no layer 'conv9'", () -> m.head("conv9"));
            // the input and the weights are not layers
            assertFails(file, "no layer 'image'", () -> m.forward(x, Set.of("image")));
        }
        ModelSource declared = new ModelSource("m", file, Optional.empty(), List.of(), Optional.of("relu5"), Optional.empty());
        assertFails(file, "the declared layer 'relu5' is not in the model; nearest: relu2", () -> backend.load(declared));
    }

    @Test
    void noPoolingAndLinearHead() throws Exception {
        ModelBuilder m = new ModelBuilder(45);
        String x = m.input("image", 1, 3, 8, 8);
        String r = m.relu(m.conv(x, 3, 4, 3, 1, 1, true));
        String out = m.flatten(m.node("GlobalMaxPool", new String[] {r}));
        m.output(out, 1, 4);
        Path file = m.write(dir, "maxpool.onnx");
        try (LoadedModel model = backend.load(ModelSource.of("m", file))) {
            assertFails(file, "after layer 'relu2': it goes on to GlobalMaxPool 'globalmaxpool3'", () -> model.head(r));
            assertFails(file, "no such head", () -> model.head(r));
        }

        ModelBuilder p = new ModelBuilder(46);
        String y = p.input("image", 1, 3, 8, 8);
        String conv = p.conv(y, 3, 4, 3, 1, 1, true);
        String scores = p.flatten(p.globalAveragePool(conv));
        p.output(scores, 1, 4);
        Path poolOnly = p.write(dir, "poolonly.onnx");
        try (LoadedModel model = backend.load(ModelSource.of("m", poolOnly))) {
            assertFails(poolOnly, "the pooled values are the class scores", () -> model.head(conv));
        }
    }

    @Test
    void inputOfTheWrongShapeOrChannelCountGivesBothShapes() throws Exception {
        Path file = good("shape.onnx");
        try (LoadedModel m = backend.load(ModelSource.of("m", file))) {
            assertFails(file, "the input batch has 1 channels, shape [2, 1, 16, 16], but the model takes [n, 3, 16, 16]",
                    () -> m.forward(OnnxBackendTest.batch(1, 2, 1, 16, 16), Set.of()));
            assertFails(file, "shape [1, 3, 20, 16], but the model takes [n, 3, 16, 16]",
                    () -> m.forward(OnnxBackendTest.batch(1, 1, 3, 20, 16), Set.of()));
            assertFails(file, "shape [3, 16, 16]", () -> m.forward(new FloatTensor(new int[] {3, 16, 16}, new float[768]), Set.of()));
        }
    }

    @Test
    void closedModelsRefuseWork() throws Exception {
        Path file = good("closed.onnx");
        LoadedModel m = backend.load(ModelSource.of("m", file));
        m.close();
        m.close(); // twice is fine
        assertFails(file, "the model is closed", () -> m.forward(OnnxBackendTest.batch(1, 1, 3, 16, 16), Set.of()));
        assertFails(file, "the model is closed", () -> m.head("relu4"));
    }

    @Test
    void impossibleInputsAndDeclarations() throws Exception {
        ModelBuilder two = new ModelBuilder(47);
        String x = two.input("image", 1, 2, 8, 8);
        two.output(two.relu(x), 1, 2, 8, 8);
        Path twoChannels = two.write(dir, "two.onnx");
        assertFails(twoChannels, "has 2 channels", () -> backend.load(ModelSource.of("m", twoChannels)));

        ModelBuilder flat = new ModelBuilder(48);
        String v = flat.input("vector", 1, 10);
        flat.output(flat.relu(v), 1, 10);
        Path vector = flat.write(dir, "vector.onnx");
        assertFails(vector, "NCHW", () -> backend.load(ModelSource.of("m", vector)));

        Path file = good("declared.onnx");
        ModelSource classes = new ModelSource("m", file, Optional.empty(), List.of("a", "b"), Optional.empty(), Optional.empty());
        assertFails(file, "declared 2 classes (a, b), but the model scores 3", () -> backend.load(classes));
        ModelSource channels = new ModelSource("m", file, Optional.empty(), List.of(), Optional.empty(),
                Optional.of(InputSpec.grey(16, 16)));
        assertFails(file, "declared 1 input channels", () -> backend.load(channels));
        ModelSource size = new ModelSource("m", file, Optional.empty(), List.of(), Optional.empty(),
                Optional.of(new InputSpec(3, 32, 32, List.of(), List.of())));
        assertFails(file, "declared input height 32", () -> backend.load(size));
        ModelSource other = new ModelSource("m", file, Optional.of("dl4j"), List.of(), Optional.empty(), Optional.empty());
        assertFails(file, "declared for backend 'dl4j'", () -> backend.load(other));
    }

    @Test
    void weightsInAnExternalFile() throws Exception {
        ModelBuilder.Built b = ModelBuilder.smallCnn(49, 3, 16, 3);
        var proto = b.builder().build().toBuilder();
        var g = proto.getGraphBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getName().equals("gemm7.weight")) {
                g.setInitializer(i, g.getInitializer(i).toBuilder().clearRawData()
                        .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                        .addExternalData(org.deepminer.backend.onnx.internal.proto.Onnx.StringStringEntryProto.newBuilder()
                                .setKey("location").setValue("weights.bin")));
            }
        }
        Path file = Files.write(dir.resolve("external.onnx"), proto.build().toByteArray());
        assertFails(file, "initializer 'gemm7.weight' keeps its values in an external data file",
                () -> backend.load(ModelSource.of("m", file)));
    }
}
