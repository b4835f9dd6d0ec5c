package org.deepminer.backend.dl4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelSource;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The dl4j backend's contract: layers, activations, the head and the CAM identity, for both network kinds. */
class Dl4jBackendTest {

    @TempDir
    Path dir;

    @Test
    void aComputationGraphGivesItsLayersActivationsAndHead() {
        Network net = Nets.build("small", 24, 0, 3);
        Path zip = Nets.save(net, Nets.metadata(net, "small", List.of()), dir, "g");
        Dl4jBackend backend = new Dl4jBackend();
        assertTrue(backend.canLoad(ModelSource.of("g", zip)));
        try (LoadedModel m = backend.load(ModelSource.of("g", zip))) {
            assertEquals("dl4j", m.info().backend());
            assertEquals("relu4", m.info().defaultLayer());
            assertEquals(List.of("normal", "benign", "malignant"), m.info().classes());
            assertEquals(0.5f, m.info().input().mean().get(0));
            assertEquals(24L, m.info().layer("relu4").orElseThrow().units());
            assertEquals(64, m.info().sha256().length());
            assertCamIdentity(m, "relu4", 24, 40);
        }
    }

    @Test
    void aMultiLayerNetworkWorksTheSameWay() throws Exception {
        MultiLayerNetwork mln = Nd4jContext.call(() -> {
            MultiLayerNetwork n = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(4)
                    .convolutionMode(ConvolutionMode.Truncate).list()
                    .layer(new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(8).activation(Activation.RELU).build())
                    .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).padding(1, 1).nOut(12).activation(Activation.RELU).build())
                    .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build())
                    .setInputType(InputType.convolutional(20, 20, 1)).build());
            n.init();
            return n;
        });
        Path zip = dir.resolve("mln.zip");
        Nd4jContext.run(() -> {
            try {
                ModelSerializer.writeModel(mln, zip.toFile(), false);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try (LoadedModel m = new Dl4jBackend().load(ModelSource.of("m", zip))) {
            assertEquals(List.of("layer0", "layer1", "layer2", "layer3"), m.info().layers().stream().map(l -> l.name()).toList());
            assertEquals("layer1", m.info().defaultLayer(), "the tensor that enters the pooling");
            assertEquals(List.of("class0", "class1"), m.info().classes(), "numbered without DeepMiner metadata");
            assertTrue(m.info().metadata().isEmpty());
            assertTrue(m.info().patchFraction().isEmpty());
            assertCamIdentity(m, "layer1", 12, 20);
        }
    }

    /** logit_c = sum_k w[c][k] mean_xy A_k + b_c, from the exposed activations and the extracted head. */
    static void assertCamIdentity(LoadedModel m, String layer, int units, int side) {
        FloatTensor batch = new FloatTensor(new int[] {2, 1, side, side}, Nets.randomImages(2, side, side, 5));
        ForwardResult r = m.forward(batch, Set.of(layer));
        ClassifierHead h = m.head(layer);
        assertEquals(units, h.units());
        FloatTensor a = r.activation(layer);
        int hw = a.dim(2) * a.dim(3);
        for (int i = 0; i < 2; i++) {
            for (int c = 0; c < h.classes(); c++) {
                double logit = h.bias()[c];
                for (int k = 0; k < units; k++) {
                    double mean = 0;
                    for (int p = 0; p < hw; p++) {
                        mean += a.data()[(i * units + k) * hw + p];
                    }
                    logit += h.weight(c, k) * mean / hw;
                }
                assertEquals(logit, r.logits().data()[i * h.classes() + c], 1e-4, "CAM identity, image " + i + " class " + c);
            }
            double sum = 0;
            for (int c = 0; c < h.classes(); c++) {
                sum += r.probabilities().data()[i * h.classes() + c];
            }
            assertEquals(1.0, sum, 1e-5);
        }
    }

    @Test
    void layersWithoutAHeadSayWhatFollowsAndWhichLayerToChoose() {
        Network net = Nets.build("small", 16, 0, 3);
        Path zip = Nets.save(net, Nets.metadata(net, "small", List.of()), dir, "h");
        try (LoadedModel m = new Dl4jBackend().load(ModelSource.of("h", zip))) {
            DeepMinerException e = assertThrows(DeepMinerException.class, () -> m.head("bn4"));
            assertTrue(e.getMessage().contains("it goes on to ActivationLayer 'relu4'")
                    && e.getMessage().contains("choose it instead"), e.getMessage());
            e = assertThrows(DeepMinerException.class, () -> m.forward(
                    new FloatTensor(new int[] {1, 1, 16, 16}, new float[256]), Set.of("relu9")));
            assertTrue(e.getMessage().contains("no layer 'relu9'; nearest: relu1"), e.getMessage());
            e = assertThrows(DeepMinerException.class, () -> m.forward(
                    new FloatTensor(new int[] {1, 3, 16, 16}, new float[768]), Set.of()));
            assertTrue(e.getMessage().contains("the input batch has shape [1, 3, 16, 16], but the model takes [n, 1, h, w]"), e.getMessage());
        }
    }

    @Test
    void declaredValuesWinAndContradictionsAreErrors() {
        Network net = Nets.build("small", 16, 0, 3);
        Path zip = Nets.save(net, Nets.metadata(net, "small", List.of()), dir, "d");
        ModelSource declared = new ModelSource("d", zip, Optional.of("dl4j"), List.of("a", "b", "c"), Optional.of("relu3"),
                Optional.of(new InputSpec(1, 32, 32, List.of(0.1f), List.of(0.2f))));
        try (LoadedModel m = new Dl4jBackend().load(declared)) {
            assertEquals(List.of("a", "b", "c"), m.info().classes());
            assertEquals("relu3", m.info().defaultLayer());
            assertEquals(32, m.info().input().height());
        }
        ModelSource twoClasses = new ModelSource("d", zip, Optional.empty(), List.of("a", "b"), Optional.empty(), Optional.empty());
        assertTrue(assertThrows(DeepMinerException.class, () -> new Dl4jBackend().load(twoClasses)).getMessage()
                .contains("declared 2 classes (a, b), but the network scores 3"));
        ModelSource badLayer = new ModelSource("d", zip, Optional.empty(), List.of(), Optional.of("conv9"), Optional.empty());
        assertTrue(assertThrows(DeepMinerException.class, () -> new Dl4jBackend().load(badLayer)).getMessage()
                .contains("the declared layer 'conv9' is not in the network"));
    }

    @Test
    void missingCorruptAndForeignFilesAreClearErrors() throws Exception {
        Dl4jBackend backend = new Dl4jBackend();
        Path missing = dir.resolve("missing.zip");
        assertEquals(missing + ": no such network file",
                assertThrows(DeepMinerException.class, () -> backend.load(ModelSource.of("x", missing))).getMessage());

        Path noise = dir.resolve("noise.zip");
        byte[] bytes = new byte[4000];
        new Random(1).nextBytes(bytes);
        Files.write(noise, bytes);
        assertFalse(backend.canLoad(ModelSource.of("x", noise)));
        assertTrue(assertThrows(DeepMinerException.class, () -> backend.load(ModelSource.of("x", noise))).getMessage()
                .startsWith(noise + ": not a Deeplearning4j network zip, or a truncated one"));

        Network net = Nets.build("small", 16, 0, 3);
        Path good = Nets.save(net, Nets.metadata(net, "small", List.of()), dir, "good");
        byte[] all = Files.readAllBytes(good);
        Path truncated = dir.resolve("truncated.zip");
        Files.write(truncated, java.util.Arrays.copyOf(all, all.length / 2));
        assertTrue(assertThrows(DeepMinerException.class, () -> backend.load(ModelSource.of("x", truncated))).getMessage()
                .startsWith(truncated.toString()));

        Path otherZip = dir.resolve("other.zip");
        try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(otherZip))) {
            z.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            z.write("hello".getBytes());
            z.closeEntry();
        }
        assertFalse(backend.canLoad(ModelSource.of("x", otherZip)));
        assertTrue(assertThrows(DeepMinerException.class, () -> backend.load(ModelSource.of("x", otherZip))).getMessage()
                .contains("not a Deeplearning4j network: the zip has no configuration.json and coefficients.bin"));

        Path badCoefficients = dir.resolve("badcoeff.zip");
        try (var in = new java.util.zip.ZipFile(good.toFile());
                var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(badCoefficients))) {
            var entries = in.entries();
            while (entries.hasMoreElements()) {
                var e = entries.nextElement();
                z.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                byte[] data = in.getInputStream(e).readAllBytes();
                z.write(e.getName().equals("coefficients.bin") ? java.util.Arrays.copyOf(data, 40) : data);
                z.closeEntry();
            }
        }
        assertTrue(assertThrows(DeepMinerException.class, () -> backend.load(ModelSource.of("x", badCoefficients))).getMessage()
                .contains("coefficients.bin is truncated"));
    }
}
