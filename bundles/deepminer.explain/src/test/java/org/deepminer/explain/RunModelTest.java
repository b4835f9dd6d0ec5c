package org.deepminer.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelInfo;
import org.deepminer.core.run.RunManifest;
import org.deepminer.core.run.RunWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's model around a stand-in network: scale, the whole-image rule, and the errors users see. */
class RunModelTest {
    @TempDir
    Path dir;

    static final List<String> CLASSES = List.of("normal", "benign", "malignant");
    static final ClassifierHead HEAD = new ClassifierHead("relu4", 3, 2, new float[] {1, 0, 0, 1, -1, 2}, new float[3]);

    /** A stand-in network with {@link #HEAD} after relu4 whose forward pass is {@code forward}. */
    static LoadedModel network(String name, java.util.function.Function<FloatTensor, ForwardResult> forward) {
        return new LoadedModel() {
            @Override
            public ModelInfo info() {
                return new ModelInfo(name, "test", "abc", CLASSES, InputSpec.grey(0, 0), "relu4", List.of());
            }

            @Override
            public ForwardResult forward(FloatTensor batch, Set<String> layers) {
                return forward.apply(batch);
            }

            @Override
            public ClassifierHead head(String layer) {
                if (!layer.equals("relu4")) {
                    throw new IllegalArgumentException("no head after " + layer);
                }
                return HEAD;
            }

            @Override
            public void close() {}
        };
    }

    /** Relu4's maps, and logits that favour normal (the whole-image rule does not read them). */
    static ForwardResult result(FloatTensor relu4) {
        FloatTensor logits = new FloatTensor(new int[] {1, 3}, new float[] {1, 0, 0});
        return new ForwardResult(logits, ForwardResult.softmax(logits), Map.of("relu4", relu4));
    }

    /** A network that returns two units of 2x2 maps, or refuses images larger than {@code maxSide}. */
    static LoadedModel network(int maxSide, List<int[]> seen) {
        return network("stand-in", batch -> {
            seen.add(batch.shape().clone());
            if (batch.dim(2) > maxSide) {
                throw new IllegalStateException("input too large for the stand-in");
            }
            float[] a = {0, 0, 0, 3, 1, 1, 1, 1}; // unit 0 hot at location 3, unit 1 flat
            return result(new FloatTensor(new int[] {1, 2, 2, 2}, a));
        });
    }

    Path run(String layer, Map<String, String> mode) throws Exception {
        RunWorkspace ws = RunWorkspace.open(dir.resolve("run"));
        ws.writeManifest(new RunManifest(RunManifest.VERSION, "test", "", "", "complete",
                new RunManifest.ModelRef("stand-in", "test", "abc", ""), layer,
                new RunManifest.DatasetRef("phantom", "/nowhere", "h", 1), "test", mode, Map.of(), List.of(), Map.of(),
                List.of(), Map.of()));
        return ws.dir();
    }

    @Test
    void imagesMeetTheModelAtTheRunsScaleAndAreCalledByTheirMostSuspiciousPlace() throws Exception {
        List<int[]> seen = new java.util.ArrayList<>();
        try (RunModel m = RunModel.open(run("relu4", Map.of("kind", "whole", "size", "64")),
                ref -> new RunModel.Resolved(network(1000, seen), true))) {
            RunModel.Forward f = m.forward("img", new MammogramImage(128, 96, new float[128 * 96]));
            assertEquals(List.of(1, 1, 64, 85), java.util.Arrays.stream(seen.get(0)).boxed().toList());
            assertTrue(m.wholeImageRule());
            // where unit 0 is quiet (locations 0-2) the head gives logits 0, 1, 2: malignant, the least normal place
            double[] expected = f.layer().mostSuspiciousProbabilities();
            assertEquals(expected[2], f.probabilities()[2], 1e-9);
            assertEquals("malignant", CLASSES.get(f.predicted()));
        }
    }

    @Test
    void anImageTheModelCannotTakeIsAnErrorNamingTheImageAndTheSize() throws Exception {
        try (RunModel m = RunModel.open(run("relu4", Map.of("kind", "whole", "size", "0")),
                ref -> new RunModel.Resolved(network(100, new java.util.ArrayList<>()), true))) {
            DeepMinerException e = assertThrows(DeepMinerException.class,
                    () -> m.forward("P_7_LEFT_CC", new MammogramImage(300, 200, new float[300 * 200])));
            assertTrue(e.getMessage().contains("P_7_LEFT_CC") && e.getMessage().contains("300x200")
                    && e.getMessage().contains("too large"), e.getMessage());
        }
    }

    @Test
    void aLayerWithoutAHeadAndAMissingRunAreClearErrors() throws Exception {
        Path r = run("conv1", Map.of("kind", "whole", "size", "0"));
        DeepMinerException e = assertThrows(DeepMinerException.class,
                () -> RunModel.open(r, ref -> new RunModel.Resolved(network(100, new java.util.ArrayList<>()), true)));
        assertTrue(e.getMessage().contains("conv1") && e.getMessage().contains("pooling + linear head"), e.getMessage());
        DeepMinerException none = assertThrows(DeepMinerException.class, () -> RunModel.open(dir.resolve("nope"),
                ref -> new RunModel.Resolved(network(100, new java.util.ArrayList<>()), true)));
        assertTrue(none.getMessage().contains("nope"), none.getMessage());
        assertTrue(Files.notExists(dir.resolve("nope")));
    }

    @Test
    void onlyLocationsOverMostlyBreastCanBeTheMostSuspicious() {
        // a 40x40 image whose left half is breast, on a 4x4 map: columns 0-1 are breast, 2-3 background
        float[] px = new float[40 * 40];
        for (int r = 0; r < 40; r++) {
            for (int c = 0; c < 20; c++) {
                px[r * 40 + c] = 0.5f;
            }
        }
        boolean[] allowed = RunModel.breastLocations(new MammogramImage(40, 40, px), 4, 4);
        for (int y = 1; y < 3; y++) {
            assertTrue(allowed[y * 4 + 1], "inner breast cell " + y);   // 6 of 9 neighbours breast
            assertTrue(!allowed[y * 4 + 2], "first background column " + y); // 3 of 9
            assertTrue(!allowed[y * 4 + 3]);
        }
        assertTrue(!allowed[0], "a corner sees 4 of 9 cells breast (outside counts as not breast)");

        // the most suspicious place is searched among the allowed locations only
        float[] a = new float[2 * 16];
        a[3] = 5f; // unit 0 fires in the background, at location 3
        ImageForward f = new ImageForward(CLASSES, new FloatTensor(new int[] {1, 2, 4, 4}, a),
                new ClassifierHead("relu4", 3, 2, new float[] {0, 0, 0, 0, 1, 0}, new float[3]));
        double[] anywhere = f.mostSuspiciousProbabilities();
        double[] inBreast = f.mostSuspiciousProbabilities(allowed);
        assertTrue(anywhere[2] > 0.9, "the background location looks malignant");
        assertEquals(1.0 / 3, inBreast[2], 1e-6); // inside the breast every location is neutral
    }

    /**
     * A network of 4x4 maps: unit 0 is each cell's mean brightness, times {@code 1 + tilt * column} (a network
     * that is not mirror-symmetric when {@code tilt} is not 0), unit 1 is 1.
     */
    static LoadedModel cells(double tilt, List<float[]> inputs) {
        return network("cells", batch -> {
            inputs.add(batch.data().clone());
            int h = batch.dim(2);
            int w = batch.dim(3);
            float[] a = new float[2 * 16];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int cell = (y * 4 / h) * 4 + x * 4 / w;
                    a[cell] += batch.data()[y * w + x] * (1 + tilt * (x * 4 / w)) / (h * w / 16.0);
                }
            }
            java.util.Arrays.fill(a, 16, 32, 1f);
            return result(new FloatTensor(new int[] {1, 2, 4, 4}, a));
        });
    }

    /** A breast of uniform tissue with one bright spot in its left half. */
    static MammogramImage spotOnTheLeft() {
        float[] px = new float[64 * 64];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                px[y * 64 + x] = x >= 8 && x < 24 && y >= 24 && y < 40 ? 0.9f : 0.3f;
            }
        }
        return new MammogramImage(64, 64, px);
    }

    @Test
    void theMirrorImageIsASecondPassWhoseMapsAreMirroredBackBeforeAveraging() throws Exception {
        List<float[]> inputs = new java.util.ArrayList<>();
        MammogramImage image = spotOnTheLeft();
        try (RunModel m = RunModel.open(run("relu4", Map.of("kind", "whole", "size", "0")),
                ref -> new RunModel.Resolved(cells(0, inputs), true))) {
            double[] alone = m.forward("img", image).probabilities();
            double[] both = m.forward("img", image, true).probabilities();
            assertEquals(3, inputs.size(), "one pass alone, two with the mirror image");
            float[] first = inputs.get(1);
            float[] second = inputs.get(2);
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    assertEquals(first[y * 64 + x], second[y * 64 + 63 - x], 0f, "the second pass sees the mirror image");
                }
            }
            // a mirror-symmetric network answers the mirror image with the mirrored maps: mirrored back and
            // averaged they are the image's own, wherever the spot is
            for (int c = 0; c < 3; c++) {
                assertEquals(alone[c], both[c], 1e-6, "class " + c);
            }
        }
        try (RunModel m = RunModel.open(run("relu4", Map.of("kind", "whole", "size", "0")),
                ref -> new RunModel.Resolved(cells(1, new java.util.ArrayList<>()), true))) {
            // a network that weighs the right of the image more answers an image and its mirror image
            // differently; scored with both, the two orientations of one breast get the same call
            MammogramImage flipped = new MammogramImage(64, 64, RunModel.mirrored(image.pixels(), 1, 64, 64));
            double alone = m.forward("img", image).probabilities()[2];
            double flippedAlone = m.forward("img", flipped).probabilities()[2];
            assertTrue(Math.abs(alone - flippedAlone) > 0.01, alone + " vs " + flippedAlone);
            double both = m.forward("img", image, true).probabilities()[2];
            assertTrue(Math.abs(both - alone) > 0.01, alone + " -> " + both);
            assertEquals(both, m.forward("img", flipped, true).probabilities()[2], 1e-6);
        }
    }
}
