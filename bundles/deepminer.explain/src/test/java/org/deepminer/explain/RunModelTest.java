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

    /** A network that returns two units of 2x2 maps, or refuses images larger than {@code maxSide}. */
    static LoadedModel network(int maxSide, List<int[]> seen) {
        return new LoadedModel() {
            @Override
            public ModelInfo info() {
                return new ModelInfo("stand-in", "test", "abc", CLASSES, InputSpec.grey(0, 0), "relu4", List.of());
            }

            @Override
            public ForwardResult forward(FloatTensor batch, Set<String> layers) {
                seen.add(batch.shape().clone());
                if (batch.dim(2) > maxSide) {
                    throw new IllegalStateException("input too large for the stand-in");
                }
                float[] a = {0, 0, 0, 3, 1, 1, 1, 1}; // unit 0 hot at location 3, unit 1 flat
                FloatTensor logits = new FloatTensor(new int[] {1, 3}, new float[] {1, 0, 0});
                return new ForwardResult(logits, ForwardResult.softmax(logits),
                        Map.of("relu4", new FloatTensor(new int[] {1, 2, 2, 2}, a)));
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
}
