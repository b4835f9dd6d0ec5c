package org.deepminer.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.RegionMask;
import org.deepminer.core.stats.IouTallyTest.Image;
import org.deepminer.imaging.Resample;
import org.junit.jupiter.api.Test;

class TailTallyTest {

    static final List<String> CONCEPTS = IouTallyTest.CONCEPTS;
    static final int[][] SHAPES = {{8, 8, 64, 64}, {7, 5, 61, 43}, {4, 6, 57, 90}, {16, 16, 128, 128}, {5, 5, 5, 5}, {9, 9, 7, 6}};

    /** The reference: every map upsampled, the exact quantile, its bucket's lower edge, the masks counted pixel by pixel. */
    static final class Naive {
        final int units;
        final int slots;
        final List<float[]> values = new ArrayList<>();
        final List<boolean[][]> masks = new ArrayList<>();
        final long[] conceptArea;

        Naive(int units, int concepts) {
            this.units = units;
            this.slots = concepts + 1;
            this.conceptArea = new long[slots];
        }

        void add(Image im) {
            int n = im.width() * im.height();
            boolean[][] m = new boolean[slots][n];
            for (Lesion l : im.lesions()) {
                for (int p = 0; p < n; p++) {
                    int x = p % im.width();
                    int y = p / im.width();
                    boolean any = l.mask().contains(x, y);
                    for (RegionMask cm : l.conceptMasks().values()) {
                        any |= cm.contains(x, y);
                    }
                    m[CONCEPTS.size()][p] |= any;
                    for (int c = 0; c < CONCEPTS.size(); c++) {
                        String id = CONCEPTS.get(c);
                        if ((l.kind().equals(id) || l.concepts().contains(id)) && l.maskOf(id).contains(x, y)) {
                            m[c][p] = true;
                        }
                    }
                }
            }
            for (int c = 0; c < slots; c++) {
                for (boolean b : m[c]) {
                    conceptArea[c] += b ? 1 : 0;
                }
            }
            float[] up = new float[units * n];
            for (int k = 0; k < units; k++) {
                float[] map = Arrays.copyOfRange(im.maps(), k * im.w() * im.h(), (k + 1) * im.w() * im.h());
                System.arraycopy(Resample.bilinear(map, im.w(), im.h(), im.width(), im.height()), 0, up, k * n, n);
            }
            values.add(up);
            masks.add(m);
        }

        /** The exact upper-tail quantile T of unit k. */
        float quantile(int k, double tail) {
            List<Float> all = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                int n = masks.get(i)[0].length;
                for (int p = 0; p < n; p++) {
                    float v = values.get(i)[k * n + p];
                    if (v == v) {
                        all.add(v);
                    }
                }
            }
            all.sort(null);
            long r = Math.max(1, (long) Math.ceil(tail * all.size()));
            return all.get((int) (all.size() - r));
        }

        /** |M ∩ L_c| for every slot (last: unit area) with M = {v > 0, v >= t}. */
        long[] counts(int k, float t) {
            long[] out = new long[slots + 1];
            for (int i = 0; i < values.size(); i++) {
                boolean[][] m = masks.get(i);
                int n = m[0].length;
                for (int p = 0; p < n; p++) {
                    float v = values.get(i)[k * n + p];
                    if (v > 0 && v >= t) {
                        out[slots]++;
                        for (int c = 0; c < slots; c++) {
                            if (m[c][p]) {
                                out[c]++;
                            }
                        }
                    }
                }
            }
            return out;
        }
    }

    /** The lower edge of T's bucket of relative width 2^-7, as UnitQuantiles computes it. */
    static float lowerEdge(float t) {
        if (t == 0f) {
            return 0f;
        }
        int bits = Float.floatToRawIntBits(t);
        int key = (bits ^ ((bits >> 31) & 0x7fffffff)) >> 16;
        int sortable = key << 16;
        return Float.intBitsToFloat(sortable ^ ((sortable >> 31) & 0x7fffffff));
    }

    static List<Image> images(Random rnd, int units, int count) {
        List<Image> images = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            int[] s = SHAPES[n % SHAPES.length];
            images.add(IouTallyTest.randomImage(rnd, units, s[0], s[1], s[2], s[3]));
        }
        return images;
    }

    static void add(TailTally tally, ConceptRaster raster, Image im) {
        raster.load(im.width(), im.height(), im.lesions());
        tally.addImage(im.maps(), 0, new BilinearAxis(im.w(), im.width()), new BilinearAxis(im.h(), im.height()), raster);
    }

    @Test
    void onePassGivesTheThresholdsAndCountsOfUpsamplingEveryMap() {
        Random rnd = new Random(31);
        int units = 9;
        ConceptRaster raster = new ConceptRaster(CONCEPTS);
        for (double tail : new double[] {0.005, 0.05, 0.3}) {
            List<Image> images = images(rnd, units, 36);
            TailTally tally = new TailTally(units, CONCEPTS.size(), tail);
            UnitQuantiles sketch = new UnitQuantiles(units);
            Naive naive = new Naive(units, CONCEPTS.size());
            for (Image im : images) {
                add(tally, raster, im);
                naive.add(im);
                for (int k = 0; k < units; k++) {
                    sketch.addUpsampled(k, im.maps(), k * im.w() * im.h(), new BilinearAxis(im.w(), im.width()),
                            new BilinearAxis(im.h(), im.height()));
                }
            }
            IouTally iou = tally.iou();
            int checked = 0;
            long touched = 0;
            for (int k = 0; k < units; k++) {
                float exact = naive.quantile(k, tail);
                UnitQuantiles.Estimate t = tally.threshold(k);
                if (exact < 0) {
                    assertFalse(tally.iouResolved(k), "a negative threshold is not resolved, unit " + k + " tail " + tail);
                    continue;
                }
                if (!t.resolved()) {
                    // the random images differ wildly from one to the next (see the ordered case below)
                    assertTrue(t.value() >= exact, "an unresolved threshold is an upper bound");
                    assertFalse(tally.iouResolved(k));
                    continue;
                }
                assertTrue(tally.iouResolved(k), "unit " + k + ", tail " + tail + ": " + t);
                assertEquals(lowerEdge(exact), t.value(), "unit " + k + " threshold, tail " + tail);
                assertEquals(sketch.upperQuantile(k, tail).value(), t.value(), "the two-pass sketch agrees, unit " + k);
                assertTrue(t.value() <= exact && exact - t.value() <= 0x1p-7 * Math.abs(exact) + 1e-30, "error bound");
                long[] want = naive.counts(k, t.value());
                assertEquals(want[naive.slots], iou.unitArea(k), "unit " + k + " mask size, tail " + tail);
                for (int c = 0; c < naive.slots; c++) {
                    assertEquals(want[c], iou.intersection(k, c), "unit " + k + " concept " + c + ", tail " + tail);
                    touched += want[c];
                }
                checked++;
            }
            for (int c = 0; c < naive.slots; c++) {
                assertEquals(naive.conceptArea[c], iou.conceptArea(c), "concept " + c + " area");
            }
            assertTrue(checked >= units * 2 / 3, checked + " units checked at tail " + tail);
            assertTrue(touched > 0, "the test data puts unit masks on concepts");
        }
    }

    @Test
    void partsMergedGiveWhatOnePassGives() {
        Random rnd = new Random(5);
        int units = 6;
        ConceptRaster raster = new ConceptRaster(CONCEPTS);
        List<Image> images = images(rnd, units, 30);
        TailTally whole = new TailTally(units, CONCEPTS.size(), 0.005);
        TailTally[] parts = {new TailTally(units, CONCEPTS.size(), 0.005), new TailTally(units, CONCEPTS.size(), 0.005),
                new TailTally(units, CONCEPTS.size(), 0.005), new TailTally(units, CONCEPTS.size(), 0.005)};
        for (int i = 0; i < images.size(); i++) {
            add(whole, raster, images.get(i));
            add(parts[i < 3 ? 0 : i < 20 ? 1 : 2], raster, images.get(i)); // uneven parts; parts[3] stays empty
        }
        TailTally merged = new TailTally(units, CONCEPTS.size(), 0.005);
        for (int p : new int[] {2, 3, 0, 1}) {
            merged.merge(parts[p]);
        }
        IouTally a = whole.iou();
        IouTally b = merged.iou();
        int resolved = 0;
        for (int k = 0; k < units; k++) {
            assertEquals(whole.count(k), merged.count(k));
            if (!whole.iouResolved(k) || !merged.iouResolved(k)) {
                continue;
            }
            resolved++;
            assertEquals(whole.threshold(k), merged.threshold(k), "unit " + k);
            assertEquals(a.unitArea(k), b.unitArea(k), "unit " + k);
            for (int c = 0; c <= CONCEPTS.size(); c++) {
                assertEquals(a.intersection(k, c), b.intersection(k, c), "unit " + k + " concept " + c);
            }
        }
        assertTrue(resolved >= 4, resolved + " of " + units + " units resolved in both");
        assertEquals(a.images(), b.images());
        assertEquals(a.pixels(), b.pixels());
    }

    /**
     * Rows read only down to the floor: maps whose corners sit on bucket edges and a few ulps around them,
     * so that rows are nearly flat (no sure direction), cross the floor at every fraction, or round across an
     * edge. Every resolved unit must still count exactly what upsampling every map counts.
     */
    @Test
    void rowsReadDownToTheFloorCountExactlyNearBucketEdges() {
        Random rnd = new Random(41);
        int units = 6;
        ConceptRaster raster = new ConceptRaster(CONCEPTS);
        TailTally tally = new TailTally(units, CONCEPTS.size(), 0.02);
        Naive naive = new Naive(units, CONCEPTS.size());
        float[] edges = {lowerEdge(1.5f), lowerEdge(1.53f), lowerEdge(1.56f), lowerEdge(3.1f)};
        for (int n = 0; n < 80; n++) {
            int[] s = SHAPES[n % 4];
            Image base = IouTallyTest.randomImage(rnd, units, s[0], s[1], s[2], s[3]);
            float[] maps = new float[units * s[0] * s[1]];
            for (int i = 0; i < maps.length; i++) {
                float e = edges[rnd.nextInt(edges.length)];
                int ulps = rnd.nextInt(7) - 3;
                maps[i] = rnd.nextInt(5) == 0 ? 0f : Float.intBitsToFloat(Float.floatToRawIntBits(e) + ulps);
            }
            Image im = new Image(base.width(), base.height(), base.w(), base.h(), maps, base.lesions());
            add(tally, raster, im);
            naive.add(im);
        }
        IouTally iou = tally.iou();
        int checked = 0;
        for (int k = 0; k < units; k++) {
            if (!tally.iouResolved(k)) {
                continue;
            }
            float t = tally.threshold(k).value();
            assertEquals(lowerEdge(naive.quantile(k, 0.02)), t, "unit " + k);
            long[] want = naive.counts(k, t);
            assertEquals(want[naive.slots], iou.unitArea(k), "unit " + k + " mask size");
            for (int c = 0; c < naive.slots; c++) {
                assertEquals(want[c], iou.intersection(k, c), "unit " + k + " concept " + c);
            }
            checked++;
        }
        assertTrue(checked >= units / 2, checked + " of " + units + " units resolved");
    }

    /**
     * The runner's accumulation threads, one of which got every strong image: the merge keeps the strong
     * part's floor, and the margin for that many parts leaves enough of its tail above it for the whole data
     * set's.
     */
    @Test
    void equalPartsMergeResolvedEvenWhenOneHoldsEveryStrongImage() {
        assertEquals(3, TailTally.marginFor(1));
        assertEquals(3, TailTally.marginFor(2));
        assertEquals(5, TailTally.marginFor(4));
        assertEquals(10, TailTally.marginFor(8));
        ConceptRaster raster = new ConceptRaster(CONCEPTS);
        int units = 3;
        for (int parts : new int[] {2, 4}) {
            int margin = TailTally.marginFor(parts);
            TailTally whole = new TailTally(units, CONCEPTS.size(), 0.005, margin, UnitQuantiles.DEFAULT_MANTISSA_BITS,
                    UnitQuantiles.DEFAULT_WINDOW);
            TailTally[] part = new TailTally[parts];
            for (int p = 0; p < parts; p++) {
                part[p] = new TailTally(units, CONCEPTS.size(), 0.005, margin, UnitQuantiles.DEFAULT_MANTISSA_BITS,
                        UnitQuantiles.DEFAULT_WINDOW);
            }
            Random rnd = new Random(17);
            for (int n = 0; n < 200 * parts; n++) {
                int p = n % parts;
                float[] maps = new float[units * 8 * 8];
                for (int i = 0; i < maps.length; i++) {
                    // exponential values; part 0's tail lies far above the others'
                    maps[i] = (p == 0 ? 10f : 1f) * (float) -Math.log(1 - rnd.nextDouble());
                }
                Image im = new Image(16, 16, 8, 8, maps, List.of());
                add(whole, raster, im);
                add(part[p], raster, im);
            }
            for (int p = 1; p < parts; p++) {
                part[0].merge(part[p]);
            }
            for (int k = 0; k < units; k++) {
                assertTrue(whole.threshold(k).resolved(), parts + " parts, unit " + k + " in one pass");
                assertTrue(part[0].threshold(k).resolved(), parts + " parts, unit " + k + " merged: " + part[0].threshold(k));
                assertEquals(whole.threshold(k), part[0].threshold(k), parts + " parts, unit " + k);
                assertEquals(whole.iou().unitArea(k), part[0].iou().unitArea(k), parts + " parts, unit " + k);
            }
        }
    }

    @Test
    void aDataSetWhoseStrongImagesComeFirstIsReportedUnresolvedNotWrong() {
        ConceptRaster raster = new ConceptRaster(CONCEPTS);
        TailTally tally = new TailTally(1, CONCEPTS.size(), 0.005);
        Random rnd = new Random(3);
        List<Float> all = new ArrayList<>();
        // 80 strong images (past the wide early margin), then so many weak ones that the threshold falls among them
        for (int n = 0; n < 20_000; n++) {
            float scale = n < 80 ? 100f : 1f;
            float[] map = new float[8 * 8];
            for (int i = 0; i < map.length; i++) {
                map[i] = scale * (1 + rnd.nextFloat());
                all.add(map[i]); // one map cell per pixel: the upsampled values are the map's
            }
            add(tally, raster, new Image(8, 8, 8, 8, map, List.of()));
        }
        all.sort(null);
        float exact = all.get(all.size() - (int) Math.ceil(0.005 * all.size()));
        assertTrue(exact < 2f, "the threshold is among the weak images' values: " + exact);
        UnitQuantiles.Estimate t = tally.threshold(0);
        assertFalse(t.resolved(), "the floor rose on the strong images above the final threshold: " + t + " vs " + exact);
        assertTrue(t.value() >= exact, "an unresolved threshold is an upper bound");
        assertFalse(tally.iouResolved(0));
        assertEquals(0, tally.iou().unitArea(0), "no counts for an unresolved unit");
    }

    @Test
    void memoryStaysAtTheTailNotTheWindow() {
        Random rnd = new Random(11);
        int units = 4;
        ConceptRaster raster = new ConceptRaster(CONCEPTS);
        TailTally tally = new TailTally(units, CONCEPTS.size(), 0.005);
        for (Image im : images(rnd, units, 60)) {
            add(tally, raster, im);
        }
        for (int k = 0; k < units; k++) {
            assertTrue(tally.keptBuckets(k) < UnitQuantiles.DEFAULT_WINDOW / 4,
                    "unit " + k + " keeps " + tally.keptBuckets(k) + " buckets of a window of " + UnitQuantiles.DEFAULT_WINDOW);
        }
    }

    @Test
    void aUnitThatIsAlmostAlwaysZeroHasThresholdZeroAndItsMaskIsEveryPositivePixel() {
        ConceptRaster raster = new ConceptRaster(CONCEPTS);
        TailTally tally = new TailTally(1, CONCEPTS.size(), 0.005);
        Naive naive = new Naive(1, CONCEPTS.size());
        float[] map = new float[64 * 64];
        map[5 * 64 + 7] = 2f; // one active cell of 4096: its blend covers about 0.1% of the image
        Image im = new Image(256, 256, 64, 64, map, List.of());
        for (int i = 0; i < 3; i++) {
            add(tally, raster, im);
            naive.add(im);
        }
        assertEquals(0f, naive.quantile(0, 0.005));
        assertEquals(new UnitQuantiles.Estimate(0f, true), tally.threshold(0));
        assertTrue(tally.iouResolved(0));
        assertEquals(naive.counts(0, 0f)[naive.slots], tally.iou().unitArea(0));
    }

    @Test
    void shapesAndSettingsMustMatch() {
        TailTally a = new TailTally(2, 1, 0.005);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> a.merge(new TailTally(3, 1, 0.005)));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> a.merge(new TailTally(2, 1, 0.01)));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new TailTally(2, 1, 0));
    }
}
