package org.deepminer.backend.dl4j.internal.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelSource;
import org.deepminer.backend.dl4j.internal.train.Trainer;
import org.deepminer.backend.onnx.internal.OnnxBackend;
import org.deepminer.data.phantom.internal.io.PhantomGenerator;
import org.deepminer.data.phantom.internal.io.PhantomParameters;
import org.deepminer.data.phantom.internal.model.CasePrior;
import org.deepminer.dicom.internal.PixelMedDicomService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deepminer:train end to end on a tiny phantom: the bundle the onnx backend serves, progress, determinism per
 * seed, resumption after an interruption, the concept head.
 */
class TrainCommandTest {

    @TempDir
    static Path tmp;
    static Path phantom;

    @BeforeAll
    static void generate() throws IOException {
        phantom = tmp.resolve("phantom");
        PixelMedDicomService dicom = new PixelMedDicomService();
        dicom.start();
        new PhantomGenerator(dicom).generate(phantom,
                new PhantomParameters(30, 77, 128, List.of("CC", "MLO"), 3.0, CasePrior.Mix.defaults(), 2));
    }

    /** Tiny settings: 16-pixel patches of a quarter of a 128-pixel image, 16 units, 2 short epochs. */
    static List<String> args(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("--epochs", "2", "--size", "16", "--units", "16", "--batch", "16",
                "--epoch-patches", "96", "--min-concept-patches", "2"));
        a.addAll(List.of(extra));
        a.addAll(List.of("--out", out.toString(), "phantom", phantom.toString()));
        return a;
    }

    static byte[] entry(Path jar, String name) throws IOException {
        try (JarFile j = new JarFile(jar.toFile()); InputStream in = j.getInputStream(j.getEntry(name))) {
            return in.readAllBytes();
        }
    }

    @Test
    void writesAModelBundleTheOnnxBackendServes() throws IOException {
        Path jar = tmp.resolve("a/tiny.jar");
        List<String> lines = new ArrayList<>();
        TrainingSummary s = PhantomTraining.command().train(args(jar, "--seed", "5"), lines::add);

        assertTrue(lines.stream().anyMatch(l -> l.matches("epoch 1/2: loss [0-9.]+, [0-9]+ patches/s, validation AUC normal .*")),
                "progress with loss, rate and validation AUC: " + lines);
        assertEquals(2, s.report().history().size());
        assertEquals(List.of("normal", "benign", "malignant"), s.report().classes());
        assertTrue(s.report().scores().stream().anyMatch(x -> x.split().equals("validation") && x.ceiling() != null),
                "the phantom's ceiling is reported beside the scores");

        String capability;
        try (JarFile j = new JarFile(jar.toFile())) {
            capability = j.getManifest().getMainAttributes().getValue("Provide-Capability");
            assertEquals("deepminer.model.tiny", j.getManifest().getMainAttributes().getValue("Bundle-SymbolicName"));
            assertTrue(j.getEntry("model/tiny.zip") != null && j.getEntry("model/tiny.training.json") != null);
        }
        assertTrue(capability.contains("backend=\"onnx\"") && capability.contains("file=\"model/tiny.onnx\"")
                && capability.contains("layer=\"relu4\""), capability);

        Path onnx = tmp.resolve("tiny.onnx");
        Files.write(onnx, entry(jar, "model/tiny.onnx"));
        try (LoadedModel m = new OnnxBackend().load(ModelSource.of("tiny", onnx))) {
            assertEquals(List.of("normal", "benign", "malignant"), m.info().classes(), "class names from the model's metadata");
            assertEquals("relu4", m.info().defaultLayer(), "the head follows the last conv block");
            assertEquals(0, m.info().input().height(), "dynamic height: whole images run fully convolutionally");
            assertEquals(16, m.head("relu4").units());
            // a whole 128-pixel image at the training scale (a 32-pixel tile became 16 pixels)
            FloatTensor image = new FloatTensor(new int[] {1, 1, 64, 64}, new float[64 * 64]);
            float[] p = m.forward(image, java.util.Set.of("relu4")).probabilities().data();
            assertEquals(1.0, p[0] + p[1] + p[2], 1e-5);
        }
    }

    @Test
    void theSameSeedGivesTheSameModelAndAResumedRunEndsWhereAnUninterruptedOneDoes() throws IOException {
        Path first = tmp.resolve("b/run.jar");
        Path again = tmp.resolve("c/run.jar");
        Path resumed = tmp.resolve("d/run.jar");
        Path other = tmp.resolve("e/run.jar");
        TrainCommand c = PhantomTraining.command();
        c.train(args(first, "--seed", "9"), l -> {});
        c.train(args(again, "--seed", "9"), l -> {});
        assertArrayEquals(entry(first, "model/run.onnx"), entry(again, "model/run.onnx"), "same seed, same weights");

        // interrupted right after epoch 1's checkpoint, then run again with the same command
        RuntimeException stop = new RuntimeException("interrupted");
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> c.train(args(resumed, "--seed", "9"), l -> {
            if (l.startsWith("epoch 1/2: loss")) {
                throw stop;
            }
        }));
        assertEquals(stop, thrown);
        assertFalse(Files.exists(resumed));
        List<String> lines = new ArrayList<>();
        c.train(args(resumed, "--seed", "9"), lines::add);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("training: resuming after epoch 1")), lines.toString());
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("epoch 1/2: loss")), "epoch 1 is not trained again");
        assertArrayEquals(entry(first, "model/run.onnx"), entry(resumed, "model/run.onnx"), "resumed = uninterrupted");

        c.train(args(other, "--seed", "10"), l -> {});
        assertFalse(Arrays.equals(entry(first, "model/run.onnx"), entry(other, "model/run.onnx")), "another seed, other weights");
    }

    @Test
    void aFinishedTrainingIsExtendedByMoreEpochsAndMaySelectByWholeImageAuc() throws IOException {
        Path jar = tmp.resolve("h/ext.jar");
        TrainCommand c = PhantomTraining.command();
        int keptBest = c.train(args(jar, "--seed", "4"), l -> {}).report().bestEpoch();
        byte[] twoEpochs = entry(jar, "model/ext.onnx");

        List<String> lines = new ArrayList<>();
        TrainingSummary s = c.train(args(jar, "--seed", "4", "--epochs", "3", "--select", "whole-image"), lines::add);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("training: resuming after epoch 2") && l.contains("extended to 3 epochs")),
                lines.toString());
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("epoch 1/") || l.startsWith("epoch 2/")), "done epochs are kept");
        var h = s.report().history();
        assertEquals(3, h.size());
        // the kept best (chosen by patch AUC) stays a candidate; epoch 3 replaces it only with a higher whole-image AUC
        int expected = h.get(2).wholeImageAuc() > h.get(keptBest - 1).wholeImageAuc() ? 3 : keptBest;
        assertEquals(expected, s.report().bestEpoch(), h.toString());
        assertEquals(expected != 3, Arrays.equals(twoEpochs, entry(jar, "model/ext.onnx")), "the bundle carries the best epoch");

        assertMessage(() -> c.train(args(jar, "--seed", "4", "--epochs", "4", "--lr", "0.5"), l -> {}),
                "holds a training with other settings or data");
        assertMessage(() -> c.train(args(jar, "--select", "loss"), l -> {}),
                "--select must be patch, whole-image or explainer, not loss");

        // the explainer's rule is measured every epoch and may choose the epoch
        TrainingSummary x = c.train(args(jar, "--seed", "4", "--epochs", "4", "--select", "explainer"), l -> {});
        var all = x.report().history();
        assertTrue(all.stream().allMatch(e -> e.suspiciousPlaceAuc() >= 0 && e.suspiciousPlaceAuc() <= 1), all.toString());
        int bestByRule = x.report().bestEpoch();
        assertTrue(all.get(3).suspiciousPlaceAuc() <= all.get(bestByRule - 1).suspiciousPlaceAuc()
                || bestByRule == 4, "epoch 4 replaces the kept best only with a higher figure");
        var test = x.report().scores().stream().filter(sc -> sc.split().equals("test")).findFirst().orElseThrow();
        assertTrue(test.suspiciousPlaceAuc() >= 0 && test.suspiciousPlaceAuc() <= 1, test.toString());
        assertTrue(x.tables().get(1).columns().contains("explainer's rule"));
    }

    @Test
    void aFinishedTrainingIsExtendedWithHardPatchesOnlyInEpochsStillToCome() throws IOException {
        Path jar = tmp.resolve("i/hard.jar");
        Path twin = tmp.resolve("j/hard.jar");
        TrainCommand c = PhantomTraining.command();
        c.train(args(jar, "--seed", "5"), l -> {});
        c.train(args(twin, "--seed", "5"), l -> {});
        assertMessage(() -> c.train(args(jar, "--seed", "5", "--epochs", "3", "--hard-share", "0.5"), l -> {}),
                "hard patches can only be added to epochs still to come (--hard-from 3 or later)");

        List<String> lines = new ArrayList<>();
        TrainingSummary s = c.train(args(jar, "--seed", "5", "--epochs", "3", "--hard-share", "0.5", "--hard-from", "3"),
                lines::add);
        assertEquals(3, s.report().history().size());
        List<String> hard = lines.stream().filter(l -> l.contains("hard patches from a pool")).toList();
        assertEquals(1, hard.size(), lines.toString());
        // 96 patches an epoch: 48 hard ones, picked from 4 x 48 random training patches
        assertTrue(hard.get(0).startsWith("epoch 3/3: 48 hard patches from a pool of 192"), hard.get(0));

        // the same extension again gives the same network: the pool and the mix follow from the seed and the epoch
        c.train(args(twin, "--seed", "5", "--epochs", "3", "--hard-share", "0.5", "--hard-from", "3", "--select", "whole-image"),
                l -> {});
        assertArrayEquals(checkpoint(jar), checkpoint(twin),
                "hard patches are deterministic per seed");
        // a plain third epoch differs from one with hard patches
        Path plain = tmp.resolve("k/hard.jar");
        c.train(args(plain, "--seed", "5"), l -> {});
        c.train(args(plain, "--seed", "5", "--epochs", "3"), l -> {});
        assertFalse(Arrays.equals(checkpoint(jar), checkpoint(plain)), "hard patches change the third epoch");
        assertMessage(() -> c.train(args(jar, "--hard-share", "0.95"), l -> {}), "--hard-share must be in [0, 0.9], not 0.95");
    }

    /** The last epoch's network in the training's work folder, whichever epoch the bundle carries. */
    static byte[] checkpoint(Path jar) throws IOException {
        Path work = jar.resolveSibling(jar.getFileName().toString().replace(".jar", ".training")).resolve("checkpoint.zip");
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(work.toFile())) {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (var e : java.util.Collections.list(z.entries())) {
                if (e.getName().contains("coefficients") || e.getName().contains("params")) {
                    all.write(z.getInputStream(e).readAllBytes());
                }
            }
            return all.toByteArray();
        }
    }

    @Test
    void wholeImageEpochsFollowThePatchEpochsAndResumeExactly() throws IOException {
        TrainCommand c = PhantomTraining.command();
        Path straight = tmp.resolve("w1/whole.jar");
        List<String> lines = new ArrayList<>();
        TrainingSummary s = c.train(args(straight, "--seed", "6", "--whole-image-epochs", "2"), lines::add);
        List<Trainer.Epoch> h = s.report().history();
        assertEquals(4, h.size(), "2 patch epochs, then 2 on whole images");
        assertFalse(h.get(0).wholeImages() || h.get(1).wholeImages());
        assertTrue(h.get(2).wholeImages() && h.get(3).wholeImages());
        assertEquals(4, h.get(3).epoch());
        assertTrue(Double.isFinite(h.get(3).suspiciousPlaceAuc()) && h.get(3).classAuc().length == 3,
                "whole-image epochs are validated like patch epochs");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("training: 2 epochs on whole images from the best patch epoch")),
                lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("whole-image epoch 2/2 \\(epoch 4\\): loss [0-9.]+, [0-9.]+ images/s, .*")),
                lines.toString());
        assertTrue(s.tables().get(2).rows().get(3).get(0).contains("whole images"), "the epoch table marks them");

        // a finished patch training extended by whole-image epochs, one at a time: the same weights
        Path stepwise = tmp.resolve("w2/whole.jar");
        c.train(args(stepwise, "--seed", "6"), l -> {});
        c.train(args(stepwise, "--seed", "6", "--whole-image-epochs", "1"), l -> {});
        List<String> more = new ArrayList<>();
        c.train(args(stepwise, "--seed", "6", "--whole-image-epochs", "2"), more::add);
        assertTrue(more.stream().anyMatch(l -> l.startsWith("training: resuming after whole-image epoch 1")), more.toString());
        assertEquals(params(straight), params(stepwise), "resumed whole-image epochs = uninterrupted ones");
        assertFalse(params(stepwise).equals(params(tmp.resolve("w3/whole.jar"), c)), "the whole-image epochs changed the weights");

        assertMessage(() -> c.train(args(stepwise, "--seed", "6", "--epochs", "3", "--whole-image-epochs", "2"), l -> {}),
                "patch epochs cannot be added after those");
        assertMessage(() -> c.train(args(stepwise, "--seed", "6", "--whole-image-epochs", "3", "--whole-image-lr", "0.001"),
                l -> {}), "resume them with that rate");
        assertMessage(() -> c.train(args(stepwise, "--whole-image-epochs", "-1"), l -> {}),
                "--whole-image-epochs must be between 0 and 1000");
    }

    /** The last checkpoint's weights of the training beside a bundle. */
    static String params(Path jar) {
        Path checkpoint = jar.resolveSibling(jar.getFileName().toString().replace(".jar", ".training")).resolve("checkpoint.zip");
        return java.util.Arrays.toString(org.deepminer.backend.dl4j.internal.NetworkFile.load(checkpoint, false).network()
                .graph().params().toFloatVector());
    }

    /** The weights of a plain two-epoch training of the same seed (trained here). */
    static String params(Path jar, TrainCommand c) {
        c.train(args(jar, "--seed", "6"), l -> {});
        return params(jar);
    }

    @Test
    void theContextArchitectureTrainsWithItsWholeImageEpochAndIsServedWithItsHeadAfterRelu5() throws IOException {
        Path jar = tmp.resolve("ctx/ctx.jar");
        // 32-pixel patches (a 2 x 2 last map), then one whole-image epoch on the class-map graph
        List<String> a = new ArrayList<>(args(jar, "--arch", "context", "--whole-image-epochs", "1"));
        a.set(a.indexOf("--size") + 1, "32");
        TrainingSummary s = PhantomTraining.command().train(a, l -> {});
        assertEquals(3, s.report().history().size());
        try (JarFile j = new JarFile(jar.toFile())) {
            assertTrue(j.getManifest().getMainAttributes().getValue("Provide-Capability").contains("layer=\"relu5\""));
        }
        Path onnx = tmp.resolve("ctx.onnx");
        Files.write(onnx, entry(jar, "model/ctx.onnx"));
        try (LoadedModel m = new OnnxBackend().load(ModelSource.of("ctx", onnx))) {
            assertEquals("relu5", m.info().defaultLayer());
            FloatTensor image = new FloatTensor(new int[] {1, 1, 128, 128}, new float[128 * 128]);
            var r = m.forward(image, java.util.Set.of("relu5"));
            assertEquals(8, r.activation("relu5").dim(2), "a sixteenth of the input side");
            float[] p = r.probabilities().data();
            assertEquals(1.0, p[0] + p[1] + p[2], 1e-5);
        }
    }

    @Test
    void theConceptHeadIsASecondOutputAndTheClassHeadStaysAsItIs() throws IOException {
        Path jar = tmp.resolve("f/concepts.jar");
        TrainingSummary s = PhantomTraining.command().train(args(jar, "--concept-head", "0.5"), l -> {});
        List<String> concepts = s.report().concepts();
        assertFalse(concepts.isEmpty(), "the phantom's masks give concept labels");
        assertTrue(concepts.stream().allMatch(c -> c.matches("[a-z-]+")), concepts.toString());

        Path onnx = tmp.resolve("concepts.onnx");
        Files.write(onnx, entry(jar, "model/concepts.onnx"));
        ModelSource declared = new ModelSource("c", onnx, Optional.of("onnx"), List.of("normal", "benign", "malignant"),
                Optional.of("relu4"), Optional.of(new InputSpec(1, 0, 0, List.of(0.5f), List.of(0.25f))));
        try (LoadedModel m = new OnnxBackend().load(declared)) {
            assertEquals(3, m.head("relu4").classes(), "the class head reads the pooled features, not the concepts");
            FloatTensor batch = new FloatTensor(new int[] {2, 1, 16, 16}, new float[2 * 16 * 16]);
            assertEquals(3, m.forward(batch, java.util.Set.of()).logits().dim(1));
        }
        String meta = new String(entry(jar, "model/concepts.onnx"), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(meta.contains(String.join(",", concepts)), "the concept names travel in the ONNX metadata");
    }

    @Test
    void softLabelsTrainOnTheLesionPosteriorInPatchAndWholeImageEpochs() throws IOException {
        TrainCommand c = PhantomTraining.command();
        Path soft = tmp.resolve("s1/soft.jar");
        List<String> lines = new ArrayList<>();
        TrainingSummary s = c.train(args(soft, "--seed", "8", "--soft-labels", "--whole-image-epochs", "1"), lines::add);
        assertEquals(3, s.report().history().size());
        assertTrue(lines.stream().anyMatch(l -> l.matches("soft labels: P\\(malignant \\| concepts\\) fitted on \\d+ training "
                + "lesions; per concept, fitted / drawn share \\(lesions\\): .*")), lines.toString());
        assertTrue(lines.get(0).contains(" soft-labels"), "the fingerprint says so: " + lines.get(0));
        Path hard = tmp.resolve("s2/hard.jar");
        c.train(args(hard, "--seed", "8", "--whole-image-epochs", "1"), l -> {});
        assertFalse(params(soft).equals(params(hard)), "soft targets change the weights of the same seed");
        assertMessage(() -> c.train(args(soft, "--seed", "8", "--whole-image-epochs", "2"), l -> {}),
                "holds a training with other settings");
    }

    @Test
    void optionsAreChecked() {
        Path jar = tmp.resolve("g/x.jar");
        TrainCommand c = PhantomTraining.command();
        assertMessage(() -> c.train(args(jar, "--arch", "vgg"), l -> {}), "unknown architecture 'vgg'; known: small, resnet, context");
        assertMessage(() -> c.train(args(jar, "--patch", "1.5"), l -> {}), "--patch 1.5 is not in (0, 1]");
        assertMessage(() -> c.train(args(jar, "--epochs", "many"), l -> {}), "--epochs takes a whole number, not 'many'");
        assertMessage(() -> c.train(List.of("--out", jar.toString(), "phantom"), l -> {}), "usage: deepminer:train");
        assertMessage(() -> c.train(List.of("--out", jar.toString(), "ddsm", phantom.toString()), l -> {}),
                "no dataset source for format 'ddsm'; registered: phantom");
        assertMessage(() -> c.train(List.of("--out", jar.toString(), "phantom", tmp.resolve("none").toString()), l -> {}),
                "no such data set folder");
        assertMessage(() -> c.train(List.of("--out", tmp.resolve("x.zip").toString(), "phantom", phantom.toString()), l -> {}),
                "--out must name a model bundle .jar");
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable e, String part) {
        Throwable t = assertThrows(org.deepminer.api.DeepMinerException.class, e);
        assertTrue(t.getMessage().contains(part), t.getMessage());
    }

}
