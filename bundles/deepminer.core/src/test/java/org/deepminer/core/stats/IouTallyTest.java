package org.deepminer.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.deepminer.api.data.Box;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.RegionMask;
import org.deepminer.imaging.Resample;
import org.junit.jupiter.api.Test;

class IouTallyTest {

    static final List<String> CONCEPTS = List.of("finding-mass", "margin-spiculated", "shape-oval", "calc-amorphous");

    record Image(int width, int height, int w, int h, float[] maps, List<Lesion> lesions) {}

    /** Exact counts the slow way: upsample every map to the image, threshold, test every mask pixel. */
    static final class Naive {
        final long[] inter;
        final long[] unitArea;
        final long[] conceptArea;
        final int slots;

        Naive(int units, int concepts) {
            slots = concepts + 1;
            inter = new long[units * slots];
            unitArea = new long[units];
            conceptArea = new long[slots];
        }

        void add(Image im, int units, float[] thresholds, List<String> concepts) {
            int n = im.width() * im.height();
            boolean[][] masks = new boolean[slots][n];
            for (Lesion l : im.lesions()) {
                for (int p = 0; p < n; p++) {
                    int x = p % im.width();
                    int y = p / im.width();
                    boolean any = l.mask().contains(x, y);
                    for (RegionMask m : l.conceptMasks().values()) {
                        any |= m.contains(x, y);
                    }
                    masks[concepts.size()][p] |= any;
                    for (int c = 0; c < concepts.size(); c++) {
                        String id = concepts.get(c);
                        if ((l.kind().equals(id) || l.concepts().contains(id)) && l.maskOf(id).contains(x, y)) {
                            masks[c][p] = true;
                        }
                    }
                }
            }
            for (int c = 0; c < slots; c++) {
                for (boolean b : masks[c]) {
                    conceptArea[c] += b ? 1 : 0;
                }
            }
            for (int k = 0; k < units; k++) {
                float[] map = Arrays.copyOfRange(im.maps(), k * im.w() * im.h(), (k + 1) * im.w() * im.h());
                float[] up = Resample.bilinear(map, im.w(), im.h(), im.width(), im.height());
                for (int p = 0; p < n; p++) {
                    if (thresholds[k] > 0 ? up[p] >= thresholds[k] : up[p] > thresholds[k]) {
                        unitArea[k]++;
                        for (int c = 0; c < slots; c++) {
                            if (masks[c][p]) {
                                inter[k * slots + c]++;
                            }
                        }
                    }
                }
            }
        }
    }

    static RegionMask blob(Random rnd, int width, int height, int cx, int cy, int r) {
        int x0 = cx - r;
        int y0 = cy - r;
        Box box = new Box(x0, y0, 2 * r + 1, 2 * r + 1);
        BitSet bits = new BitSet();
        for (int y = 0; y < box.height(); y++) {
            for (int x = 0; x < box.width(); x++) {
                int dx = x - r;
                int dy = y - r;
                if (dx * dx + dy * dy <= r * r && rnd.nextInt(8) != 0) {
                    bits.set(y * box.width() + x);
                }
            }
        }
        return new RegionMask(box, bits);
    }

    static Image randomImage(Random rnd, int units, int w, int h, int width, int height) {
        float[] maps = new float[units * w * h];
        for (int k = 0; k < units; k++) {
            double fx = rnd.nextDouble() * 6;
            double fy = rnd.nextDouble() * 6;
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < w; i++) {
                    double v = Math.sin(fx * i / w + k) * Math.cos(fy * j / h) * 3 + rnd.nextGaussian();
                    // ReLU with many exact zeros, and a few equal plateaus
                    maps[k * w * h + j * w + i] = k % 3 == 0 ? (float) Math.max(0, v) : k % 3 == 1 ? (float) v
                            : (float) Math.floor(v);
                }
            }
        }
        List<Lesion> lesions = new ArrayList<>();
        int count = rnd.nextInt(3);
        for (int l = 0; l < count; l++) {
            int cx = rnd.nextInt(width);
            int cy = rnd.nextInt(height);
            int r = 2 + rnd.nextInt(Math.max(3, width / 5));
            RegionMask mask = blob(rnd, width, height, cx, cy, r); // may reach outside the image
            Map<String, RegionMask> conceptMasks = new HashMap<>();
            if (rnd.nextBoolean()) {
                conceptMasks.put("margin-spiculated", blob(rnd, width, height, cx, cy, r + 3));
            }
            Set<String> concepts = rnd.nextBoolean() ? Set.of("margin-spiculated", "shape-oval", "not-tallied")
                    : Set.of("calc-amorphous");
            lesions.add(new Lesion("l" + l, rnd.nextBoolean() ? "finding-mass" : "finding-calcification", "malignant",
                    concepts, mask, conceptMasks, List.of(), -1));
        }
        return new Image(width, height, w, h, maps, lesions);
    }

    @Test
    void cellSkippingGivesExactlyTheNaiveCounts() {
        Random rnd = new Random(17);
        int units = 9;
        int[][] shapes = {{8, 8, 64, 64}, {7, 5, 61, 43}, {4, 6, 57, 90}, {16, 16, 128, 128}, {5, 5, 5, 5}, {9, 9, 7, 6}};
        ConceptRaster raster = new ConceptRaster(CONCEPTS);
        for (double tail : new double[] {0.005, 0.05, 0.3}) {
            IouTally fast = new IouTally(units, CONCEPTS.size());
            Naive naive = new Naive(units, CONCEPTS.size());
            List<Image> images = new ArrayList<>();
            for (int n = 0; n < 24; n++) {
                int[] s = shapes[n % shapes.length];
                images.add(randomImage(rnd, units, s[0], s[1], s[2], s[3]));
            }
            float[] thresholds = thresholds(images, units, tail);
            thresholds[units - 1] = Float.NaN; // a unit without a threshold selects nothing
            for (Image im : images) {
                raster.load(im.width(), im.height(), im.lesions());
                fast.addImage(im.maps(), 0, new BilinearAxis(im.w(), im.width()), new BilinearAxis(im.h(), im.height()),
                        thresholds, raster);
                naive.add(im, units, thresholds, CONCEPTS);
            }
            long touched = 0;
            for (int k = 0; k < units; k++) {
                assertEquals(naive.unitArea[k], fast.unitArea(k), "unit " + k + " mask size, tail " + tail);
                for (int c = 0; c <= CONCEPTS.size(); c++) {
                    assertEquals(naive.inter[k * naive.slots + c], fast.intersection(k, c), "unit " + k + " concept " + c);
                    touched += fast.intersection(k, c);
                    assertTrue(fast.iou(k, c) <= fast.ceiling(k, c) + 1e-15, "IoU above its ceiling");
                }
            }
            for (int c = 0; c <= CONCEPTS.size(); c++) {
                assertEquals(naive.conceptArea[c], fast.conceptArea(c), "concept " + c + " area");
            }
            assertTrue(touched > 0, "test data should put unit masks on concepts");
            assertEquals(0, fast.unitArea(units - 1));
        }
    }

    @Test
    void mergedPartsEqualOnePassAndDerivedFiguresFollowTheirDefinitions() {
        Random rnd = new Random(23);
        int units = 4;
        List<Image> images = new ArrayList<>();
        for (int n = 0; n < 12; n++) {
            images.add(randomImage(rnd, units, 6, 6, 48, 48));
        }
        float[] t = thresholds(images, units, 0.1);
        ConceptRaster raster = new ConceptRaster(CONCEPTS);
        IouTally one = new IouTally(units, CONCEPTS.size());
        IouTally a = new IouTally(units, CONCEPTS.size());
        IouTally b = new IouTally(units, CONCEPTS.size());
        for (int n = 0; n < images.size(); n++) {
            Image im = images.get(n);
            raster.load(im.width(), im.height(), im.lesions());
            BilinearAxis cols = new BilinearAxis(im.w(), im.width());
            BilinearAxis rows = new BilinearAxis(im.h(), im.height());
            one.addImage(im.maps(), 0, cols, rows, t, raster);
            (n % 3 == 0 ? a : b).addImage(im.maps(), 0, cols, rows, t, raster);
        }
        b.merge(a);
        int lesion = one.lesionIndex();
        for (int k = 0; k < units; k++) {
            for (int c = 0; c <= CONCEPTS.size(); c++) {
                assertEquals(one.intersection(k, c), b.intersection(k, c));
                long i = one.intersection(k, c);
                long m = one.unitArea(k);
                long l = one.conceptArea(c);
                assertEquals(i == 0 && m + l == 0 ? 0 : (double) i / (m + l - i), one.iou(k, c), 1e-15);
                assertEquals(Math.max(m, l) == 0 ? 0 : (double) Math.min(m, l) / Math.max(m, l), one.ceiling(k, c), 1e-15);
                double p = (double) i / one.intersection(k, lesion);
                double prior = (double) l / one.conceptArea(lesion);
                double lift = one.lift(k, c);
                if (one.intersection(k, lesion) > 0 && l > 0) {
                    assertEquals(p / prior, lift, 1e-12);
                } else {
                    assertTrue(Double.isNaN(lift));
                }
            }
            assertEquals(one.lift(k, lesion), one.intersection(k, lesion) > 0 ? 1.0 : Double.NaN, 1e-12);
        }
        assertEquals(one.pixels(), b.pixels());
        assertEquals(12 * 48 * 48, one.pixels());
    }

    static float[] thresholds(List<Image> images, int units, double tail) {
        float[] t = new float[units];
        for (int k = 0; k < units; k++) {
            List<Float> all = new ArrayList<>();
            for (Image im : images) {
                float[] map = Arrays.copyOfRange(im.maps(), k * im.w() * im.h(), (k + 1) * im.w() * im.h());
                for (float v : Resample.bilinear(map, im.w(), im.h(), im.width(), im.height())) {
                    all.add(v);
                }
            }
            float[] v = new float[all.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = all.get(i);
            }
            t[k] = UnitQuantilesTest.exactUpper(v, tail);
        }
        return t;
    }
}
