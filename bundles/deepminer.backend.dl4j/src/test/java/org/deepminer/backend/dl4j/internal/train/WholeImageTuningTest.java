package org.deepminer.backend.dl4j.internal.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deepminer.api.data.Split;
import org.deepminer.backend.dl4j.internal.Network;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;

/** The whole-image fine-tuning's parts: lesion labels per map cell, the trained cells, the folded graph. */
class WholeImageTuningTest {

    /** mixed(): 128-px images halved to 64 px; benign lesion at 10..30 (5..15 resized), malignant at 70..94 (35..47). */
    static PatchData mixed() {
        return PatchData.load(new PatchDataTest.Fake(PatchDataTest.mixed()), "fake", 0.25, 16, 1, l -> {});
    }

    static WholeImageTuning tuning(PatchData d, int places, double normalShare, int ring) {
        return new WholeImageTuning(d, new WholeImageTuning.Options(1e-4, 4, places, normalShare, 2, ring, 1), 0.5f, 0.25f,
                l -> {});
    }

    @Test
    void lesionsAreLabelledOnTheResizedImageWithTheirClass() {
        PatchData d = mixed();
        PatchData.Part train = d.part(Split.TRAIN);
        assertEquals(1, train.lesionAt(1, 10, 10), "inside the benign lesion");
        assertEquals(0, train.lesionAt(1, 40, 40), "normal tissue of the benign image");
        assertEquals(2, train.lesionAt(2, 40, 40), "inside the malignant lesion");
        assertEquals(0, train.lesionAt(2, 20, 20));
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                assertEquals(0, train.lesionAt(0, x, y), "the normal image has no lesion");
            }
        }
    }

    @Test
    void cellsOnALesionTakeItsClassAndCellsBesideItDoNotCount() {
        PatchData d = mixed();
        PatchData.Part train = d.part(Split.TRAIN);
        // a 64-px image, an 8 x 8 map: cells of 8 px; the malignant lesion covers 35..47, cells 4 and 5 (centres 36, 44)
        int[] plain = tuning(d, 1, 0, 1).cellLabels(train, 2, false, false, 64, 64, 8, 8);
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                int expected;
                if (i >= 4 && i <= 5 && j >= 4 && j <= 5) {
                    expected = 2;
                } else if (i >= 3 && i <= 6 && j >= 3 && j <= 6) {
                    expected = -1; // within one cell of a cell the lesion touches
                } else {
                    expected = 0;
                }
                assertEquals(expected, plain[i * 8 + j], "cell " + i + "," + j);
            }
        }
        int[] mirrored = tuning(d, 1, 0, 1).cellLabels(train, 2, true, false, 64, 64, 8, 8);
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                assertEquals(plain[i * 8 + 7 - j], mirrored[i * 8 + j], "left-right mirror, cell " + i + "," + j);
            }
        }
    }

    @Test
    void withSoftLabelsALesionsCellsTakeItsPosteriorAndOtherCellsStayHard() {
        PatchData d = mixed();
        PatchData.Part train = d.part(Split.TRAIN);
        WholeImageTuning t = tuning(d, 1, 0, 1);
        int[] cell = t.cellLabels(train, 2, true, false, 64, 64, 8, 8);
        for (float[] target : t.cellTargets(train, 2, true, false, 64, 64, 8, 8, cell)) {
            assertTrue(target == null, "hard targets until the posterior is fitted");
        }
        LesionPosterior posterior = d.useLesionPosterior();
        float spiculated = (float) posterior.of(java.util.List.of("margin-spiculated"))[1];
        assertTrue(spiculated > 0.5f && spiculated < 1f, "one spiculated lesion, malignant: " + spiculated);
        float[][] soft = t.cellTargets(train, 2, true, false, 64, 64, 8, 8, cell);
        int lesionCells = 0;
        for (int c = 0; c < 64; c++) {
            if (cell[c] > 0) {
                lesionCells++;
                assertEquals(0f, soft[c][0], "cell " + c);
                assertEquals(spiculated, soft[c][2], 1e-6, "cell " + c + ": the spiculated lesion's posterior");
                assertEquals(1f, soft[c][1] + soft[c][2], 1e-6);
            } else {
                assertTrue(soft[c] == null, "cell " + c + " is normal tissue or does not count: its hard class");
            }
        }
        assertEquals(4, lesionCells, "the mirrored lesion's 2 x 2 cells");
        float[][] benign = t.cellTargets(train, 1, false, false, 64, 64, 8, 8, t.cellLabels(train, 1, false, false, 64, 64, 8, 8));
        float oval = (float) posterior.of(java.util.List.of("shape-oval"))[1];
        assertTrue(Arrays.stream(benign).anyMatch(x -> x != null && Math.abs(x[2] - oval) < 1e-6), "the oval lesion's posterior");
    }

    @Test
    void theMostSuspiciousPlacesOfNormalTissueAndEveryLesionCellAreTrained() {
        PatchData d = mixed();
        int fh = 16;
        int fw = 16; // radius 1: 3 x 3 windows
        int cells = fh * fw;
        float[] probs = new float[3 * cells];
        Arrays.fill(probs, 0, cells, 0.9f);
        Arrays.fill(probs, cells, 2 * cells, 0.05f);
        Arrays.fill(probs, 2 * cells, 3 * cells, 0.05f);
        // the most suspicious place: a 3 x 3 block around (3, 3); the next: around (10, 3)
        for (int i = 2; i <= 4; i++) {
            for (int j = 2; j <= 4; j++) {
                probs[i * fw + j] = 0.1f;
                probs[2 * cells + i * fw + j] = 0.85f;
                probs[(i + 7) * fw + j] = 0.2f;
                probs[2 * cells + (i + 7) * fw + j] = 0.75f;
            }
        }
        int[] cell = new int[cells];
        cell[12 * fw + 12] = 2;
        cell[12 * fw + 11] = -1;
        boolean[] breast = new boolean[cells];
        Arrays.fill(breast, true);
        breast[0] = false;
        float[] w = tuning(d, 1, 0, 1).weights(cell, breast, probs, 3, fh, fw, new Random(1));
        for (int i = 0; i < fh; i++) {
            for (int j = 0; j < fw; j++) {
                int c = i * fw + j;
                float expected = c == 12 * fw + 12 ? 2f : Math.abs(i - 3) <= 1 && Math.abs(j - 3) <= 1 ? 1f : 0f;
                assertEquals(expected, w[c], 0f, "cell " + i + "," + j);
            }
        }
        float[] two = tuning(d, 2, 0, 1).weights(cell, breast, probs, 3, fh, fw, new Random(1));
        for (int i = 0; i < fh; i++) {
            for (int j = 0; j < fw; j++) {
                boolean inWindow = Math.abs(j - 3) <= 1 && (Math.abs(i - 3) <= 1 || Math.abs(i - 10) <= 1);
                if (i * fw + j != 12 * fw + 12) {
                    assertEquals(inWindow ? 1f : 0f, two[i * fw + j], 0f, "two places, cell " + i + "," + j);
                }
            }
        }
        // off the breast and ignored cells never count
        assertEquals(0f, two[0], 0f);
        assertEquals(0f, two[12 * fw + 11], 0f);
        float[] shared = tuning(d, 0, 0.5, 1).weights(cell, breast, probs, 3, fh, fw, new Random(1));
        int drawn = 0;
        for (float v : shared) {
            drawn += v == 1f ? 1 : 0;
        }
        assertTrue(drawn > 90 && drawn < 160, "about half of the 253 normal cells: " + drawn);
    }

    @Test
    void theClassMapGraphIsThePatchClassifierAtEveryLocationAndCopiesBackExactly() {
        Architectures.Spec spec = new Architectures.Spec("small", 16, 3, 0, 0, 16, 1e-3, 2, 7);
        ComputationGraph patch = new ComputationGraph(Architectures.build(spec));
        patch.init();
        // batch normalisations with statistics of their own, so that folding them matters
        Random r = new Random(3);
        for (Layer l : patch.getLayers()) {
            Map<String, INDArray> p = l.paramTable();
            if (p.containsKey("var")) {
                p.get("mean").assign(Nd4j.rand(DataType.FLOAT, p.get("mean").shape()).subi(0.5));
                p.get("var").assign(Nd4j.rand(DataType.FLOAT, p.get("var").shape()).addi(0.5));
                p.get("gamma").assign(Nd4j.rand(DataType.FLOAT, p.get("gamma").shape()).addi(0.5));
                p.get("beta").assign(Nd4j.rand(DataType.FLOAT, p.get("beta").shape()).subi(0.5));
            }
        }
        float[] x = new float[40 * 48];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        INDArray image = Nd4j.create(x, new long[] {1, 1, 40, 48}, 'c');
        Network net = Network.of(patch);
        INDArray head = net.feedForward(image).get("relu4");
        float[] maps = head.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[][] w = patch.getLayer("out").paramTable().get("W").castTo(DataType.FLOAT).toFloatMatrix();
        float[] b = patch.getLayer("out").paramTable().get("b").castTo(DataType.FLOAT).dup('c').toFloatVector();
        float[] expected = WholeImage.locationProbabilities(maps, 0, 16, (int) head.size(2), (int) head.size(3), w, b);
        INDArray patchInput = Nd4j.create(Arrays.copyOf(x, 16 * 16), new long[] {1, 1, 16, 16}, 'c');
        float[] before = patch.outputSingle(false, patchInput).castTo(DataType.FLOAT).toFloatVector();

        ComputationGraph classMap = WholeImageTuning.classMapGraph(patch, spec);
        float[] actual = classMap.outputSingle(false, image).castTo(DataType.FLOAT).dup('c').data().asFloat();
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4, "location probability " + i);
        }

        WholeImageTuning.copyBack(classMap, patch);
        float[] after = patch.outputSingle(false, patchInput).castTo(DataType.FLOAT).toFloatVector();
        for (int c = 0; c < 3; c++) {
            assertEquals(before[c], after[c], 1e-4, "the patch classifier is unchanged by the round trip, class " + c);
        }
        assertEquals(1.0, patch.getLayer("bn1").paramTable().get("gamma").getDouble(0), 0.0,
                "the patch graph's batch normalisations became identities");
    }
}
