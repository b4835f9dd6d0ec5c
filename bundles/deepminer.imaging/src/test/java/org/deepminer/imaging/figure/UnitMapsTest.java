package org.deepminer.imaging.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Box;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.UnitContribution;
import org.deepminer.api.model.FloatTensor;
import org.junit.jupiter.api.Test;

class UnitMapsTest {

    @Test
    void unitsShareOneScaleSoThatAWeakUnitLooksWeak() {
        UnitMaps maps = UnitMaps.of(Explanations.standard());
        assertEquals(0f, maps.jointMin(), 1e-3, "the bumps fall to ~0 away from their peaks");
        assertEquals(Explanations.HEIGHTS[0], maps.jointMax(), 1e-6);
        for (int i = 0; i < 3; i++) {
            float top = max(maps.unit(i, 128, 128));
            // bilinear upsampling never exceeds the layer maximum, and with 16x16 pixels a cell it comes close
            float expected = Explanations.HEIGHTS[i] / Explanations.HEIGHTS[0];
            assertTrue(top <= expected + 1e-6 && top > expected * 0.9, "unit " + i + ": " + top + " vs " + expected);
        }
    }

    @Test
    void combinedMapIsHottestAtTheStrongestUnitsPeak() {
        float[] combined = UnitMaps.of(Explanations.standard()).combined(128, 128);
        int argmax = argmax(combined);
        int x = argmax % 128;
        int y = argmax / 128;
        int px = Explanations.pixelOf(Explanations.PEAKS[0][0], 8, 128);
        int py = Explanations.pixelOf(Explanations.PEAKS[0][1], 8, 128);
        assertTrue(Math.abs(x - px) <= 8 && Math.abs(y - py) <= 8, "hottest at " + x + "," + y);
        // the second unit's peak is hot too: the combination keeps every unit's area
        int qx = Explanations.pixelOf(Explanations.PEAKS[1][0], 8, 128);
        int qy = Explanations.pixelOf(Explanations.PEAKS[1][1], 8, 128);
        assertTrue(combined[qy * 128 + qx] > 0.6f, "second unit's peak " + combined[qy * 128 + qx]);
    }

    @Test
    void hotAreaBoxesThePeakAndNotTheWholeImage() {
        UnitMaps maps = UnitMaps.of(Explanations.standard());
        for (int i = 0; i < 3; i++) {
            Box hot = maps.hotArea(i, 128, 128);
            int px = Explanations.pixelOf(Explanations.PEAKS[i][0], 8, 128);
            int py = Explanations.pixelOf(Explanations.PEAKS[i][1], 8, 128);
            assertTrue(hot.contains(px, py), "unit " + i + " " + hot);
            assertTrue(hot.area() < 128 * 128 / 8, "unit " + i + " hot area is local: " + hot);
            assertTrue(hot.x() >= 0 && hot.y() >= 0 && hot.x() + hot.width() <= 128 && hot.y() + hot.height() <= 128);
        }
    }

    @Test
    void flatMapIsHotEverywhereAndNormalisesToZero() {
        Explanation flat = withUnits(new UnitContribution(1, 1, 1, 2, Optional.empty(),
                new FloatTensor(new int[] {4, 4}, filled(16, 2f))));
        UnitMaps maps = UnitMaps.of(flat);
        assertEquals(new Box(0, 0, 128, 128), maps.hotArea(0, 128, 128));
        assertEquals(0f, max(maps.unit(0, 128, 128)));
    }

    @Test
    void mapsWithLeadingSingletonDimensionsAreAccepted() {
        Explanation e = withUnits(new UnitContribution(1, 1, 1, 2, Optional.empty(),
                new FloatTensor(new int[] {1, 1, 2, 2}, new float[] {0, 1, 0, 0})));
        float[] up = UnitMaps.of(e).unit(0, 4, 4);
        assertEquals(1f, up[3], 1e-6, "top-right corner follows the hot cell");
        assertEquals(0f, up[12], 1e-6);
    }

    @Test
    void badMapShapeIsReportedWithSampleAndUnit() {
        Explanation e = withUnits(new UnitContribution(17, 1, 1, 2, Optional.empty(),
                new FloatTensor(new int[] {2, 2, 2}, new float[8])));
        DeepMinerException ex = assertThrows(DeepMinerException.class, () -> UnitMaps.of(e));
        assertTrue(ex.getMessage().contains("phantom-0001") && ex.getMessage().contains("unit 17")
                && ex.getMessage().contains("[2, 2, 2]"), ex.getMessage());
    }

    @Test
    void nonFiniteActivationsNeverLookHot() {
        float[] v = new float[16];
        v[5] = 1;
        v[0] = Float.NaN;
        v[15] = Float.POSITIVE_INFINITY;
        Explanation e = withUnits(new UnitContribution(1, 1, 1, 1, Optional.empty(), new FloatTensor(new int[] {4, 4}, v)));
        UnitMaps maps = UnitMaps.of(e);
        assertEquals(1f, maps.jointMax());
        Box hot = maps.hotArea(0, 4, 4);
        assertEquals(new Box(1, 1, 1, 1), hot);
        for (float f : maps.unit(0, 4, 4)) {
            assertTrue(f >= 0 && f <= 1, "normalised " + f);
        }
    }

    @Test
    void classMapIsClampedNotRescaled() {
        Explanation e = Explanations.standard();
        float[] p = UnitMaps.classMap(e, 128, 128);
        float top = max(p);
        assertTrue(top <= 0.95f + 1e-6 && top > 0.8f, "probabilities keep their values: " + top);
        assertNull(UnitMaps.classMap(Explanations.builder().withoutClassMap().build(), 8, 8));
    }

    @Test
    void noUnitsGiveAnEmptyCombinedMap() {
        UnitMaps maps = UnitMaps.of(Explanations.builder().units(0).build());
        assertEquals(0, maps.count());
        assertEquals(0f, max(maps.combined(16, 16)));
    }

    private static Explanation withUnits(UnitContribution... units) {
        Explanation e = Explanations.standard();
        return new Explanation(e.sample(), e.modelName(), e.modelSha256(), e.layer(), e.probabilities(), e.predicted(),
                e.explained(), List.of(units), e.sentence(), e.classMap());
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    static float max(float[] a) {
        float m = Float.NEGATIVE_INFINITY;
        for (float f : a) {
            m = Math.max(m, f);
        }
        return m;
    }

    static int argmax(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }
}
