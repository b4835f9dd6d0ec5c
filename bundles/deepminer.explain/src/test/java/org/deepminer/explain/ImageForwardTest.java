package org.deepminer.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.deepminer.api.explain.UnitContribution;
import org.deepminer.api.explain.UnitLabel;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.junit.jupiter.api.Test;

class ImageForwardTest {

    static final List<String> CLASSES = List.of("normal", "benign", "malignant");

    /** 4 units on a 3x2 map with known maxima; the head's weights are chosen per test. */
    static ImageForward forward(float[] weights) {
        float[] a = new float[4 * 6];
        // unit 0: max 1, unit 1: max 5, unit 2: max 2, unit 3: max 4 (at different places)
        a[0 * 6 + 0] = 1f;
        a[1 * 6 + 3] = 5f;
        a[2 * 6 + 5] = 2f;
        a[3 * 6 + 1] = 4f;
        a[3 * 6 + 2] = 2f;
        return new ImageForward(CLASSES, new FloatTensor(new int[] {1, 4, 3, 2}, a),
                new ClassifierHead("relu4", 3, 4, weights, new float[] {0.1f, -0.2f, 0.3f}));
    }

    static float[] weights() {
        return new float[] {
            0.5f, -0.1f, 0.2f, 0f,     // normal
            0f, 0.3f, -0.4f, 0.1f,     // benign
            1f, 0.25f, 0.9f, -0.5f};   // malignant
    }

    @Test
    void scoresAreWeightTimesMaxAndRankDescending() {
        ImageForward f = forward(weights());
        assertArrayEquals(new double[] {1.0, 1.25, 1.8, -2.0}, f.unitScores(2), 1e-6);
        assertArrayEquals(new int[] {2, 1, 0, 3}, f.ranking(2));
        // ties by unit number: units 1 and 3 both score 1.25 for benign (0.25 x 5, 0.3125 x 4; exact in binary)
        ImageForward tie = forward(new float[] {0, 0, 0, 0, 0.5f, 0.25f, 0, 0.3125f, 0, 0, 0, 0});
        assertArrayEquals(new int[] {1, 3, 0, 2}, java.util.Arrays.copyOf(tie.ranking(1), 4));
    }

    @Test
    void withinTheBreastAUnitsAnswerElsewhereNeitherRanksItNorShows() {
        ImageForward f = forward(weights());
        // unit 1's maximum (5) sits at location 3, unit 3's (4) at location 1: leave both out
        boolean[] breast = {true, false, true, false, true, true};
        ImageForward b = f.within(breast);
        assertArrayEquals(new double[] {1, 0, 2, 2}, b.maxima(), 1e-9, "maxima over the breast only");
        assertEquals(0f, b.unitMap(1).data()[3]);
        assertEquals(2f, b.unitMap(3).data()[2], "inside the breast the maps stay");
        assertArrayEquals(new double[] {5, 4}, new double[] {f.maxima()[1], f.maxima()[3]}, 1e-9, "the original is untouched");
        assertTrue(f.within(null) == f && f.within(new boolean[6]) == f && f.within(new boolean[] {true, true, true, true,
                true, true}) == f, "nothing or everything marked: unchanged");
        assertTrue(f.within(new boolean[5]) == f, "a mask of another size is ignored");
    }

    @Test
    void aForwardShowsItsClassMapOnlyWhereTheImageWasScored() {
        ImageForward f = forward(weights());
        boolean[] breast = {true, false, true, false, true, true};
        RunModel.Forward scored = new RunModel.Forward(new double[] {0.2, 0.3, 0.5}, f.within(breast), breast);
        float[] map = scored.classMap(2).data();
        float[] plain = f.within(breast).classMap(2).data();
        for (int i = 0; i < breast.length; i++) {
            assertEquals(breast[i] ? plain[i] : 0f, map[i], "location " + i);
        }
        assertTrue(plain[1] > 0f, "without the mask the head shows its bias there");
        assertArrayEquals(f.classMap(2).data(), new RunModel.Forward(new double[3], f).classMap(2).data(), 0f,
                "no mask: the layer's own map");
    }

    @Test
    void probabilitiesAreTheHeadOverThePooledMaps() {
        ImageForward f = forward(weights());
        double[] pooled = f.pooled();
        assertArrayEquals(new double[] {1 / 6.0, 5 / 6.0, 2 / 6.0, 6 / 6.0}, pooled, 1e-6);
        double[] z = new double[3];
        for (int c = 0; c < 3; c++) {
            z[c] = new double[] {0.1, -0.2, 0.3}[c];
            for (int k = 0; k < 4; k++) {
                z[c] += weights()[c * 4 + k] * pooled[k];
            }
        }
        double sum = Math.exp(z[0]) + Math.exp(z[1]) + Math.exp(z[2]);
        double[] p = f.probabilities();
        for (int c = 0; c < 3; c++) {
            assertEquals(Math.exp(z[c]) / sum, p[c], 1e-6);
        }
    }

    @Test
    void zeroingAUnitLowersItsClassLogitByWeightTimesMean() {
        ImageForward f = forward(weights());
        double[] before = f.probabilities();
        double[] after = f.probabilitiesWithout(new int[] {2});
        // logit ratio malignant/normal changes by exp(-(w_m2 - w_n2) * mean2)
        double ratioBefore = Math.log(before[2] / before[0]);
        double ratioAfter = Math.log(after[2] / after[0]);
        assertEquals(-(0.9 - 0.2) * (2 / 6.0), ratioAfter - ratioBefore, 1e-6);
        assertTrue(after[2] < before[2]);
    }

    @Test
    void classMapAveragesToNothingButIsASoftmaxPerLocation() {
        Random r = new Random(7);
        float[] a = new float[4 * 6];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat();
        }
        ImageForward f = new ImageForward(CLASSES, new FloatTensor(new int[] {1, 4, 3, 2}, a),
                new ClassifierHead("relu4", 3, 4, weights(), new float[] {0.1f, -0.2f, 0.3f}));
        float[] sum = new float[6];
        for (int c = 0; c < 3; c++) {
            float[] m = f.classMap(c).data();
            for (int i = 0; i < 6; i++) {
                sum[i] += m[i];
            }
        }
        for (float s : sum) {
            assertEquals(1f, s, 1e-5);
        }
        assertArrayEquals(new int[] {3, 2}, f.classMap(1).shape());
    }

    @Test
    void shownUnitsAreTheFirstLabelledOnesWithAPositiveScore() {
        ImageForward f = forward(weights());
        UnitLabel spiculated = new UnitLabel("margin-spiculated", "spiculated", UnitLabel.Source.AUTO, 0.1, "auto");
        UnitLabel pleo = new UnitLabel("calc-fine-pleomorphic", "fine pleomorphic", UnitLabel.Source.EXPERT, 1, "ann");
        UnitLabel never = new UnitLabel("shape-oval", "oval", UnitLabel.Source.AUTO, 0.2, "auto");
        // ranking for malignant: 2, 1, 0, 3 (3 has a negative score)
        List<UnitContribution> shown = Explanations.choose(f, 2, Map.of(1, spiculated, 0, pleo, 3, never), 20, 3);
        assertEquals(List.of(1, 0), shown.stream().map(UnitContribution::unit).toList());
        assertEquals(List.of(2, 3), shown.stream().map(UnitContribution::rank).toList());
        assertEquals(Optional.of(spiculated), shown.get(0).label());
        assertArrayEquals(f.unitMap(1).data(), shown.get(0).map().data());
        assertEquals("malignant (0.91): spiculated, fine pleomorphic", Explanations.sentence("malignant", 0.912, shown, true, 20));
        // only the first two ranked units searched: unit 1 is the one labelled among them
        assertEquals(List.of(1), Explanations.choose(f, 2, Map.of(1, spiculated, 0, pleo), 2, 3).stream()
                .map(UnitContribution::unit).toList());
    }

    @Test
    void aRunWithoutLabelsShowsUnitNumbersAndSaysWhy() {
        ImageForward f = forward(weights());
        List<UnitContribution> shown = Explanations.choose(f, 2, Map.of(), 20, 3);
        assertEquals(List.of(2, 1, 0), shown.stream().map(UnitContribution::unit).toList());
        String s = Explanations.sentence("malignant", 0.5, shown, false, 20);
        assertTrue(s.startsWith("malignant (0.50): unit 2, unit 1, unit 0"), s);
        assertTrue(s.contains("no unit labels"), s);
        assertTrue(Explanations.sentence("malignant", 0.5, List.of(), true, 20).contains("no labelled unit among the top 20"));
    }

    @Test
    void topPositiveStopsAtTheFirstNonPositiveScore() {
        assertArrayEquals(new int[] {2, 1, 0}, Explanations.topPositive(forward(weights()), 2, 20));
        assertArrayEquals(new int[] {2, 1}, Explanations.topPositive(forward(weights()), 2, 2));
    }

    @Test
    void mismatchedShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ImageForward(CLASSES,
                new FloatTensor(new int[] {1, 5, 3, 2}, new float[30]),
                new ClassifierHead("relu4", 3, 4, weights(), new float[3])));
        assertThrows(IllegalArgumentException.class, () -> forward(weights()).classIndex("cancer"));
    }

    @Test
    void runScaleFollowsTheProbeMode() {
        var grey = org.deepminer.api.model.InputSpec.grey(0, 0);
        assertEquals(256, RunModel.shortSide(Map.of("kind", "whole", "size", "256"), grey, 512, 512));
        assertEquals(0, RunModel.shortSide(Map.of("kind", "whole", "size", "0"), grey, 512, 512));
        // patches of 1/4 of 512 px fed to a 32-px model: the image at 128 px
        assertEquals(128, RunModel.shortSide(Map.of("kind", "patches", "fraction", "0.25"),
                org.deepminer.api.model.InputSpec.grey(32, 32), 512, 512));
        // patches as cut: the image as it is
        assertEquals(0, RunModel.shortSide(Map.of("kind", "patches", "fraction", "0.25", "size", "0"), grey, 512, 640));
    }

    @Test
    void mostSuspiciousLocationGivesTheImageItsProbabilities() {
        // unit 1 (malignant weight 0.25, normal weight -0.1) peaks at location 3: the least normal place
        ImageForward f = forward(weights());
        double[] p = f.mostSuspiciousProbabilities();
        float[] normal = f.classMap(0).data();
        int least = 0;
        for (int i = 1; i < normal.length; i++) {
            if (normal[i] < normal[least]) {
                least = i;
            }
        }
        for (int c = 0; c < 3; c++) {
            assertEquals(f.classMap(c).data()[least], p[c], 1e-6);
        }
        assertEquals(1.0, p[0] + p[1] + p[2], 1e-5);
    }

    @Test
    void aLonelyHotLocationWeighsLessThanAHotRegion() {
        // 32x32 map (smoothing radius 2): a single malignant-looking cell at (3, 3), a 5x5 benign-looking blob
        // around (20, 20); unit 0 pushes malignant, unit 1 benign
        int n = 32 * 32;
        float[] a = new float[2 * n];
        a[3 * 32 + 3] = 6f;
        for (int y = 18; y <= 22; y++) {
            for (int x = 18; x <= 22; x++) {
                a[n + y * 32 + x] = 3f;
            }
        }
        ImageForward f = new ImageForward(CLASSES, new FloatTensor(new int[] {1, 2, 32, 32}, a),
                new ClassifierHead("relu4", 3, 2, new float[] {0, 0, 0, 1, 1, 0}, new float[3]));
        assertEquals(2, org.deepminer.core.patch.SuspiciousPlace.radius(32));
        double[] p = f.mostSuspiciousProbabilities();
        assertTrue(p[1] > p[2], "the region (benign) wins over the lonely cell (malignant): " + java.util.Arrays.toString(p));
        assertEquals(1.0, p[0] + p[1] + p[2], 1e-5);
    }
}
