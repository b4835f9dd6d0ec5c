package org.deepminer.eval.commands.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.deepminer.api.data.Box;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.data.RegionMask;
import org.deepminer.api.explain.UnitContribution;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.explain.ImageForward;
import org.junit.jupiter.api.Test;

class EvidenceTest {

    /** Two classes, 4 units on a 2x2 map; unit k has mean k+1; only class 1 weighs the units. */
    static ImageForward forward() {
        float[] a = new float[16];
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 4; i++) {
                a[k * 4 + i] = k + 1;
            }
        }
        return new ImageForward(List.of("benign", "malignant"), new FloatTensor(new int[] {1, 4, 2, 2}, a),
                new ClassifierHead("l", 2, 4, new float[] {0, 0, 0, 0, 0.5f, 0.1f, 0f, 0.2f}, new float[2]));
    }

    @Test
    void dropIsTheChangeOfTheClassProbability() {
        ImageForward f = forward();
        // the logit falls by w x mean: 0.5 x 1 for unit 0
        assertEquals(0.5, Evidence.drop(f, 1, new int[] {0}), 1e-6);
        assertTrue(Evidence.drop(f, 1, new int[] {0}) > Evidence.drop(f, 1, new int[] {2}));
        assertEquals(0, Evidence.drop(f, 1, new int[] {2}), 1e-12); // weight 0: nothing changes
    }

    @Test
    void randomDropsDrawDistinctUnitsFromThePool() {
        ImageForward f = forward();
        double[] d = Evidence.randomDrops(f, 1, new int[] {2}, 1, 50, new Random(1));
        assertEquals(50, d.length);
        for (double v : d) {
            assertEquals(0, v, 1e-12); // only unit 2 can be drawn
        }
        double[] all = Evidence.randomDrops(f, 1, new int[] {0, 1, 2, 3}, 4, 5, new Random(1));
        for (double v : all) {
            assertEquals(Evidence.drop(f, 1, new int[] {0, 1, 2, 3}), v, 1e-12); // the whole pool every time
        }
        assertEquals(0, Evidence.randomDrops(f, 1, new int[] {1}, 2, 5, new Random(1)).length);
    }

    @Test
    void deletionCurveStartsAtTheFullScoreAndRemovesInOrder() {
        ImageForward f = forward();
        double[] curve = Evidence.deletionCurve(f, 1, new int[] {0, 3, 1, 2}, 3);
        assertEquals(4, curve.length);
        assertEquals(f.logitsWithout(f.pooled(), new int[0])[1], curve[0], 1e-12);
        assertEquals(f.logitsWithout(f.pooled(), new int[] {0, 3})[1], curve[2], 1e-12);
        assertTrue(curve[1] < curve[0] && curve[2] < curve[1] && curve[3] < curve[2]);
        assertEquals(0.5 * 1 + 0.2 * 4 + 0.1 * 2, curve[0] - curve[3], 1e-6);
        double[] random = Evidence.randomDeletionCurve(f, 1, 4, 30, new Random(3));
        assertEquals(curve[0], random[0], 1e-12);
        assertEquals(0, random[4], 1e-12); // no unit left, no bias: logit 0
    }

    @Test
    void heatmapPointsAtTheHottestUnitLocationAndIsJointlyNormalised() {
        float[] m1 = {0, 0, 0, 2};  // hot at bottom right
        float[] m2 = {1, 0, 0, 0};  // weaker, top left
        List<UnitContribution> units = List.of(
                new UnitContribution(0, 1, 1, 2, Optional.empty(), new FloatTensor(new int[] {2, 2}, m1)),
                new UnitContribution(1, 2, 1, 1, Optional.empty(), new FloatTensor(new int[] {2, 2}, m2)));
        float[] heat = Evidence.heatmap(units, 8, 8);
        assertEquals(64, heat.length);
        assertEquals(1f, heat[63], 1e-6f);
        assertEquals(0.5f, heat[0], 1e-6f); // 1 of a joint range 0..2
        assertNull(Evidence.heatmap(List.of(), 8, 8));

        boolean[] lesionBottomRight = new boolean[64];
        boolean[] lesionTopLeft = new boolean[64];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                lesionBottomRight[y * 8 + x] = x >= 6 && y >= 6;
                lesionTopLeft[y * 8 + x] = x < 2 && y < 2;
            }
        }
        assertEquals(1, Evidence.pointingHit(heat, lesionBottomRight));
        assertEquals(0, Evidence.pointingHit(heat, lesionTopLeft));
        double iou = Evidence.iou(heat, lesionBottomRight, 0.5);
        assertTrue(iou > 0 && iou <= 1, "iou " + iou);
        assertTrue(iou > Evidence.iou(heat, lesionTopLeft, 0.9));
    }

    @Test
    void lesionMasksAreUnitedAndClippedAndTheBaselineIsTheirShareOfTheBreast() {
        BitSet bits = new BitSet();
        bits.set(0, 4); // a 2x2 box, all set
        Lesion inside = new Lesion("L1", "finding-mass", "benign", Set.of(), new RegionMask(new Box(1, 1, 2, 2), bits),
                Map.of(), List.of(), 3);
        Lesion clipped = new Lesion("L2", "finding-mass", "benign", Set.of(), new RegionMask(new Box(3, 3, 2, 2), bits),
                Map.of(), List.of(), 3);
        boolean[] m = Evidence.lesions(List.of(inside, clipped), 4, 4);
        int set = 0;
        for (boolean b : m) {
            set += b ? 1 : 0;
        }
        assertEquals(5, set); // 4 + the one pixel of L2 inside the 4x4 image
        float[] px = new float[16];
        for (int i = 0; i < 8; i++) {
            px[i] = 0.5f; // the top half is breast
        }
        // breast = top half (8) plus lesion pixels outside it (row 2: (1,2),(2,2); row 3: (3,3)) = 11; lesion 5
        assertEquals(5 / 11.0, Evidence.pointingBaseline(new MammogramImage(4, 4, px), m), 1e-12);
        assertNull(Evidence.lesions(List.of(), 4, 4));
    }

    @Test
    void withoutLeavesOutTheExplainedUnits() {
        assertArrayEquals(new int[] {4, 9}, Evidence.without(new int[] {4, 7, 9, 1}, new int[] {1, 7}));
    }
}
