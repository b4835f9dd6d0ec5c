package org.deepminer.backend.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.Model;
import org.deepminer.api.model.ModelInfo;
import org.deepminer.api.model.ModelSource;
import org.deepminer.backend.onnx.internal.commands.CommandsAccess;
import org.deepminer.backend.onnx.internal.commands.LayerList;
import org.deepminer.backend.onnx.internal.commands.ModelList;
import org.deepminer.backend.onnx.internal.commands.PackagedModel;
import org.deepminer.backend.onnx.internal.commands.Prediction;
import org.deepminer.shell.format.TableFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands, constructed directly (no framework), on models the tests build. */
class ModelCommandsTest {

    @TempDir
    Path dir;

    final OnnxBackend backend = new OnnxBackend();

    record TestModel(LoadedModel loaded) implements Model {
        @Override
        public ModelInfo info() {
            return loaded.info();
        }
    }

    @Test
    void modelsAndLayers() throws Exception {
        ModelBuilder.Built b = ModelBuilder.smallCnn(61, 1, 32, 3);
        Path file = b.builder().write(dir, "m.onnx");
        try (LoadedModel loaded = backend.load(ModelSource.of("screening", file))) {
            CommandsAccess c = new CommandsAccess();
            c.add(new TestModel(loaded), Map.of(ServiceProperties.MODEL_NAME, "screening", "deepminer.model.source", "file " + file));
            ModelList list = c.commands().models();
            assertEquals(1, list.models().size());
            ModelList.Row row = list.models().get(0);
            assertEquals(List.of("class0", "class1", "class2"), row.classes());
            assertEquals("1x32x32 mean [0.0] std [1.0]", row.input());
            assertEquals("file " + file, row.source());
            assertEquals("-", row.trained(), "a file that says nothing of its training");
            String printed = TableFormatter.format(list);
            assertTrue(printed.contains(loaded.info().sha256().substring(0, 12)), printed);

            LayerList layers = c.commands().layers("screening");
            assertEquals(loaded.info().layers().size(), layers.layers().size());
            List<String> marked = layers.layers().stream().filter(LayerList.Row::head).map(LayerList.Row::name).toList();
            assertEquals(List.of(b.headLayer()), marked);
            assertTrue(layers.layers().stream().filter(LayerList.Row::isDefault).allMatch(r -> r.name().equals(b.headLayer())));
            System.out.println(TableFormatter.format(layers));

            DeepMinerException e = assertThrows(DeepMinerException.class, () -> c.commands().layers("other"));
            assertTrue(e.getMessage().contains("no model 'other'; registered: screening"), e.getMessage());
        }
    }

    @Test
    void theModelListSaysHowAModelWasTrainedWhenItsFileSays() throws Exception {
        ModelBuilder.Built b = ModelBuilder.smallCnn(63, 1, 32, 3);
        b.builder().metadata("arch", "small");
        b.builder().metadata("patch_fraction", "0.125");
        Path file = b.builder().write(dir, "t.onnx");
        try (LoadedModel loaded = backend.load(ModelSource.of("trained", file))) {
            assertEquals(0.125, loaded.info().patchFraction().orElseThrow(), 0);
            CommandsAccess c = new CommandsAccess();
            c.add(new TestModel(loaded), Map.of(ServiceProperties.MODEL_NAME, "trained"));
            ModelList list = c.commands().models();
            assertEquals("small, patches 1/8 of the width", list.models().get(0).trained());
            assertTrue(TableFormatter.format(list).contains("small, patches 1/8 of the width"));
        }
        ModelBuilder.Built odd = ModelBuilder.smallCnn(64, 1, 32, 3);
        odd.builder().metadata("arch", "line one\nline two");
        odd.builder().metadata("patch_fraction", "0.3");
        try (LoadedModel loaded = backend.load(ModelSource.of("odd", odd.builder().write(dir, "o.onnx")))) {
            CommandsAccess c = new CommandsAccess();
            c.add(new TestModel(loaded), Map.of(ServiceProperties.MODEL_NAME, "odd"));
            assertEquals("line one line two, patches 0.300 of the width", c.commands().models().models().get(0).trained());
        }
    }

    @Test
    void predictRanksClassesAndUnitsByWeightTimesMaxActivation() throws Exception {
        ModelBuilder.Built b = ModelBuilder.smallCnn(62, 3, 32, 3);
        Path file = b.builder().write(dir, "p.onnx");
        // a grey 8-bit PNG of another size: resized to 32x32 and replicated to 3 channels
        BufferedImage img = new BufferedImage(50, 40, BufferedImage.TYPE_BYTE_GRAY);
        Random r = new Random(5);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 50; x++) {
                img.getRaster().setSample(x, y, 0, r.nextInt(256));
            }
        }
        Path png = dir.resolve("patch.png");
        ImageIO.write(img, "png", png.toFile());
        ModelSource source = new ModelSource("p", file, java.util.Optional.empty(), List.of("normal", "benign", "malignant"),
                java.util.Optional.empty(), java.util.Optional.of(new InputSpec(3, 32, 32, List.of(0.5f), List.of(0.25f))));
        try (LoadedModel loaded = backend.load(source)) {
            CommandsAccess c = new CommandsAccess();
            c.add(new TestModel(loaded), Map.of(ServiceProperties.MODEL_NAME, "p"));
            Prediction p = c.commands().predict(b.headLayer(), 5, "p", png.toString());
            System.out.println(TableFormatter.format(p));
            assertEquals(List.of(1, 3, 32, 32), p.input());
            assertEquals(3, p.classes().size());
            float sum = 0;
            for (int i = 0; i < 3; i++) {
                sum += p.classes().get(i).probability();
                if (i > 0) {
                    assertTrue(p.classes().get(i - 1).probability() >= p.classes().get(i).probability());
                }
            }
            assertEquals(1f, sum, 1e-5f);
            assertEquals(List.of(1, 16, 16, 16), p.activationShape());

            // the same numbers by hand: the batch, the activations, w x max
            FloatTensor batch = CommandsAccess.batch(png, loaded.info().input());
            float[] plane = java.util.Arrays.copyOfRange(batch.data(), 0, 1024);
            assertArrayEquals(plane, java.util.Arrays.copyOfRange(batch.data(), 2048, 3072), "grey replicated to 3 channels");
            var result = loaded.forward(batch, Set.of(b.headLayer()));
            FloatTensor a = result.activation(b.headLayer());
            ClassifierHead head = loaded.head(b.headLayer());
            int c0 = loaded.info().classes().indexOf(p.predicted());
            float[] max = new float[16];
            for (int k = 0; k < 16; k++) {
                max[k] = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < 256; i++) {
                    max[k] = Math.max(max[k], a.data()[k * 256 + i]);
                }
            }
            List<Integer> expected = IntStream.range(0, 16).boxed()
                    .sorted(Comparator.comparingDouble(k -> -head.weight(c0, k) * max[k])).limit(5).toList();
            assertEquals(expected, p.units().stream().map(Prediction.UnitScore::unit).toList());
            assertEquals(head.weight(c0, expected.get(0)) * max[expected.get(0)], p.units().get(0).score(), 1e-6f);
            // and without --layer: probabilities only
            Prediction plain = c.commands().predict("", 2, "p", png.toString());
            assertEquals(2, plain.classes().size());
            assertEquals(p.predicted(), plain.predicted());
            assertEquals(List.of(), plain.units());
        }
    }

    @Test
    void predictRefusesWhatItCannotRead() throws Exception {
        ModelBuilder.Built b = ModelBuilder.smallCnn(63, 3, 16, 3);
        try (LoadedModel loaded = backend.load(ModelSource.of("m", b.builder().write(dir, "m.onnx")))) {
            CommandsAccess c = new CommandsAccess();
            c.add(new TestModel(loaded), Map.of(ServiceProperties.MODEL_NAME, "m"));
            Path text = Files.writeString(dir.resolve("notes.png"), "not a picture");
            DeepMinerException e = assertThrows(DeepMinerException.class, () -> c.commands().predict("", 3, "m", text.toString()));
            assertTrue(e.getMessage().startsWith(text.toString()), e.getMessage());
            Path dcm = Files.write(dir.resolve("image.dcm"), new byte[200]);
            e = assertThrows(DeepMinerException.class, () -> c.commands().predict("", 3, "m", dcm.toString()));
            assertTrue(e.getMessage().contains("needs the DicomService"), e.getMessage());
            e = assertThrows(DeepMinerException.class, () -> c.commands().predict("", 3, "m", dir.resolve("nope.png").toString()));
            assertTrue(e.getMessage().contains("no such file"), e.getMessage());
        }
    }

    @Test
    void packageModelWritesABundleThatDeclaresTheModel() throws Exception {
        ModelBuilder.Built b = ModelBuilder.smallCnn(64, 1, 16, 3);
        Path model = b.builder().write(dir, "screen.onnx");
        Path jar = dir.resolve("out/screen.jar");
        CommandsAccess c = new CommandsAccess();
        c.addBackend(backend);
        PackagedModel p = c.packageModel(List.of(model.toString(), jar.toString(), "--name", "screen", "--layer", b.headLayer(),
                "--classes", "normal,benign,malignant", "--size", "16", "--mean", "0.5", "--std", "0.25"));
        System.out.println(TableFormatter.format(p));
        assertEquals("deepminer.model.screen", p.symbolicName());
        try (JarFile j = new JarFile(jar.toFile())) {
            var a = j.getManifest().getMainAttributes();
            assertEquals("deepminer.model.screen", a.getValue("Bundle-SymbolicName"));
            assertEquals("2", a.getValue("Bundle-ManifestVersion"));
            assertEquals("deepminer.model;name=\"screen\";backend=\"onnx\";file=\"model/screen.onnx\";layer=\"" + b.headLayer()
                    + "\";classes:List<String>=\"normal,benign,malignant\";channels:Long=1;size:Long=16;"
                    + "mean:List<Double>=\"0.5\";std:List<Double>=\"0.25\"", a.getValue("Provide-Capability"));
            assertArrayEquals(Files.readAllBytes(model), j.getInputStream(j.getEntry("model/screen.onnx")).readAllBytes());
        }
        // the declared values are checked against the model before anything is written
        Path bad = dir.resolve("bad.jar");
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> c.packageModel(List.of(model.toString(),
                bad.toString(), "--name", "x", "--classes", "a,b")));
        assertTrue(e.getMessage().contains("declared 2 classes (a, b), but the model scores 3"), e.getMessage());
        assertTrue(Files.notExists(bad));
        e = assertThrows(DeepMinerException.class, () -> c.packageModel(List.of(model.toString(), bad.toString())));
        assertTrue(e.getMessage().startsWith("usage: deepminer:package-model"), e.getMessage());
        e = assertThrows(DeepMinerException.class, () -> c.packageModel(List.of(model.toString(), bad.toString(), "--name",
                "x", "--channels", "2")));
        assertTrue(e.getMessage().contains("channels must be 1 or 3, not 2"), e.getMessage());
        e = assertThrows(DeepMinerException.class, () -> c.packageModel(List.of(model.toString(), bad.toString(), "--name",
                "x", "--colour", "red")));
        assertTrue(e.getMessage().contains("unknown option --colour"), e.getMessage());
    }
}
