package org.deepminer.probe.dissection.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.RegionMask;
import org.deepminer.api.data.Sample;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.ModelInfo;
import org.deepminer.api.probe.ProbeAccumulator;
import org.deepminer.api.probe.ProbeBatch;
import org.deepminer.api.probe.ProbeContext;
import org.deepminer.api.probe.ProbeResult;
import org.deepminer.core.run.Csv;
import org.deepminer.core.stats.BilinearAxis;
import org.deepminer.core.stats.ConceptRaster;
import org.deepminer.core.stats.IouTally;
import org.deepminer.imaging.Resample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DissectionStrategyTest {
    static final int UNITS = 8;
    static final int SIZE = 64;
    static final int CELLS = 8;

    static ProbeContext context(List<String> concepts, Map<String, String> parameters) {
        ModelInfo model = new ModelInfo("test", "none", "0", List.of("normal", "benign", "malignant"),
                InputSpec.grey(SIZE, SIZE), "layer4", List.of());
        return new ProbeContext(model, "layer4", Optional.empty(), concepts, parameters);
    }

    static DissectionStrategy twoPassStrategy() {
        return new DissectionStrategy(new DissectionStrategy.Settings(0.005, 0.04, 1.5, 2, 256, 16));
    }

    static ProbeResult twoPasses(ProbeAccumulator acc, List<ProbeBatch> batches) {
        acc.beginPass(0);
        batches.forEach(acc::accept);
        acc.beginPass(1);
        batches.forEach(acc::accept);
        return acc.finish();
    }

    /** Feeds the batches as a runner would: once per pass the strategy asks for. */
    static ProbeResult run(DissectionStrategy strategy, ProbeContext context, List<ProbeBatch> batches) {
        ProbeAccumulator acc = strategy.newAccumulator(context);
        for (int p = 0; p < strategy.passes(); p++) {
            acc.beginPass(p);
            batches.forEach(acc::accept);
        }
        return acc.finish();
    }

    /** Every upsampled value of a unit over the data set. */
    static float[] upsampled(List<ProbeBatch> batches, int unit) {
        int cells = CELLS * CELLS;
        float[] all = new float[0];
        for (ProbeBatch b : batches) {
            for (int n = 0; n < b.size(); n++) {
                float[] map = Arrays.copyOfRange(b.activations().data(), (n * UNITS + unit) * cells, (n * UNITS + unit + 1) * cells);
                float[] up = Resample.bilinear(map, CELLS, CELLS, SIZE, SIZE);
                int old = all.length;
                all = Arrays.copyOf(all, old + up.length);
                System.arraycopy(up, 0, all, old, up.length);
            }
        }
        return all;
    }

    static boolean inConcept(Sample s, String concept, int x, int y) {
        for (Lesion l : s.truth().lesions()) {
            if ((l.kind().equals(concept) || l.concepts().contains(concept)) && l.maskOf(concept).contains(x, y)) {
                return true;
            }
        }
        return false;
    }

    static boolean onLesion(Sample s, int x, int y) {
        for (Lesion l : s.truth().lesions()) {
            if (l.mask().contains(x, y)) {
                return true;
            }
            for (RegionMask m : l.conceptMasks().values()) {
                if (m.contains(x, y)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void findsThePlantedDetectorsWithTheFiguresOfTheNaiveComputation(@TempDir Path dir) throws Exception {
        assertEquals(1, new DissectionStrategy().passes(), "one pass by default");
        assertEquals(2, twoPassStrategy().passes());
        for (DissectionStrategy strategy : List.of(new DissectionStrategy(), twoPassStrategy())) {
            plantedDetectors(strategy, dir.resolve("passes-" + strategy.passes()));
        }
        for (String f : List.of("dissection.csv", "dissection_concepts.csv")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("passes-1").resolve(f)),
                    Files.readAllBytes(dir.resolve("passes-2").resolve(f)), "one pass gives the figures of two: " + f);
        }
    }

    private static void plantedDetectors(DissectionStrategy strategy, Path dir) throws Exception {
        List<ProbeBatch> batches = Synthetic.batches(new Random(5), 8, 8, UNITS, SIZE, CELLS, 1);
        List<String> concepts = Synthetic.CONCEPTS;
        ProbeResult result = run(strategy, context(concepts, Map.of()), batches);
        assertEquals(strategy.passes(), result.summary().get("passes"));
        assertFalse(result.summary().containsKey("unresolved_thresholds"), result.summary().toString());
        result.writeTo(dir);
        Csv csv = Csv.read(dir.resolve("dissection.csv"));
        assertEquals(List.of("unit", "threshold", "concept", "iou", "ceiling", "lift", "runner_up", "runner_up_iou",
                "detector", "specific", "resolved"), csv.columns());
        assertEquals(UNITS, csv.rows().size());

        for (int k = 0; k < UNITS; k++) {
            Map<String, String> row = csv.rows().get(k);
            // the threshold is within the sketch's stated bound of the exact 0.995 quantile
            float[] values = upsampled(batches, k);
            float[] sorted = values.clone();
            Arrays.sort(sorted);
            float exact = sorted[sorted.length - (int) Math.ceil(0.005 * sorted.length)];
            float t = Float.parseFloat(row.get("threshold"));
            assertTrue(t <= exact && exact - t <= 0x1p-7 * Math.max(Math.abs(t), Math.abs(exact)),
                    "unit " + k + ": threshold " + t + " vs exact quantile " + exact);

            // IoU, ceiling and lift of every concept, counted the naive way with that threshold
            long[] inter = new long[concepts.size()];
            long[] conceptArea = new long[concepts.size()];
            long unitArea = 0;
            long onLesion = 0;
            long lesionArea = 0;
            int image = 0;
            for (ProbeBatch b : batches) {
                for (Sample s : b.samples()) {
                    for (int p = 0; p < SIZE * SIZE; p++) {
                        int x = p % SIZE;
                        int y = p / SIZE;
                        float v = values[image * SIZE * SIZE + p];
                        boolean in = t > 0 ? v >= t : v > t; // a positive threshold keeps its own value
                        boolean lesion = onLesion(s, x, y);
                        unitArea += in ? 1 : 0;
                        lesionArea += lesion ? 1 : 0;
                        onLesion += in && lesion ? 1 : 0;
                        for (int c = 0; c < concepts.size(); c++) {
                            if (inConcept(s, concepts.get(c), x, y)) {
                                conceptArea[c]++;
                                inter[c] += in ? 1 : 0;
                            }
                        }
                    }
                    image++;
                }
            }
            double[] iou = new double[concepts.size()];
            int best = 0;
            for (int c = 0; c < concepts.size(); c++) {
                iou[c] = (double) inter[c] / (unitArea + conceptArea[c] - inter[c]);
                best = iou[c] > iou[best] ? c : best;
            }
            assertEquals(concepts.get(best), row.get("concept"), "unit " + k);
            assertEquals(iou[best], Double.parseDouble(row.get("iou")), 1e-6, "unit " + k);
            assertEquals((double) Math.min(unitArea, conceptArea[best]) / Math.max(unitArea, conceptArea[best]),
                    Double.parseDouble(row.get("ceiling")), 1e-6);
            double lift = ((double) inter[best] / onLesion) / ((double) conceptArea[best] / lesionArea);
            assertEquals(lift, Double.parseDouble(row.get("lift")), 1e-6, "unit " + k);
            assertEquals(String.valueOf(iou[best] > 0.04), row.get("detector"));
            assertEquals(String.valueOf(iou[best] > 0.04 && lift > 1.5), row.get("specific"));
            assertTrue(unitArea >= 0.005 * values.length, "a threshold at or below the quantile keeps at least 0.5%");
        }

        Map<String, String> halo = csv.rows().get(0);
        assertEquals("margin-spiculated", halo.get("concept"), csv.rows().toString());
        assertEquals("true", halo.get("specific"), "the spicule-halo unit is a specific detector: " + halo);
        Map<String, String> calc = csv.rows().get(2);
        assertEquals("finding-calcification", calc.get("concept"));
        assertEquals("calc-fine-pleomorphic", calc.get("runner_up"), "same mask, equal IoU: the concept order decides");
        assertEquals(calc.get("iou"), calc.get("runner_up_iou"));
        assertEquals("true", calc.get("specific"));
        for (int k = 3; k < UNITS; k++) {
            assertEquals("false", csv.rows().get(k).get("detector"), "noise unit " + k + " " + csv.rows().get(k));
        }
        long specific = csv.rows().stream().filter(row -> row.get("specific").equals("true")).count();
        assertEquals(specific, result.summary().get("specific_detectors"));
        assertEquals(UNITS * concepts.size(), Csv.read(dir.resolve("dissection_concepts.csv")).rows().size());
    }

    @Test
    void shardsOfTheOnePassMergeToTheFilesOfOneRun(@TempDir Path dir) throws Exception {
        List<ProbeBatch> batches = Synthetic.batches(new Random(6), 9, 5, UNITS, SIZE, CELLS, 1);
        DissectionStrategy strategy = new DissectionStrategy();
        ProbeContext ctx = context(Synthetic.CONCEPTS, Map.of());
        run(strategy, ctx, batches).writeTo(dir.resolve("one"));
        ProbeAccumulator merged = strategy.newAccumulator(ctx);
        for (int s = 0; s < 3; s++) {
            ProbeAccumulator shard = strategy.newAccumulator(ctx);
            for (int i = s; i < batches.size(); i += 3) {
                shard.accept(batches.get(i));
            }
            merged.merge(roundTrip(shard)); // checkpoints mid-pass change nothing
        }
        merged.finish().writeTo(dir.resolve("merged"));
        for (String f : List.of("dissection.csv", "dissection_concepts.csv")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("one").resolve(f)), Files.readAllBytes(dir.resolve("merged").resolve(f)), f);
        }
        assertThrows(IllegalStateException.class, () -> strategy.newAccumulator(ctx).beginPass(1), "no second pass");
    }

    @Test
    void shardedPassesMergeToTheFilesOfOnePass(@TempDir Path dir) throws Exception {
        List<ProbeBatch> batches = Synthetic.batches(new Random(6), 9, 5, UNITS, SIZE, CELLS, 1);
        DissectionStrategy strategy = twoPassStrategy();
        ProbeContext ctx = context(Synthetic.CONCEPTS, Map.of());
        twoPasses(strategy.newAccumulator(ctx), batches).writeTo(dir.resolve("one"));

        // pass 0 in three shards, merged
        ProbeAccumulator total = strategy.newAccumulator(ctx);
        for (int s = 0; s < 3; s++) {
            ProbeAccumulator shard = strategy.newAccumulator(ctx);
            for (int i = s; i < batches.size(); i += 3) {
                shard.accept(batches.get(i));
            }
            total.merge(roundTrip(shard)); // checkpoints mid-pass change nothing
        }
        total.beginPass(1);
        total = roundTrip(total);
        // pass 1 in two other shards, each starting from the merged thresholds
        ProbeAccumulator merged = strategy.newAccumulator(ctx);
        for (int s = 0; s < 2; s++) {
            ProbeAccumulator shard = strategy.newAccumulator(ctx);
            shard.merge(total);
            for (int i = 0; i < batches.size(); i++) {
                if ((i < 4) == (s == 0)) {
                    shard.accept(batches.get(i));
                }
            }
            merged.merge(roundTrip(shard));
        }
        merged.finish().writeTo(dir.resolve("merged"));
        for (String f : List.of("dissection.csv", "dissection_concepts.csv")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("one").resolve(f)), Files.readAllBytes(dir.resolve("merged").resolve(f)), f);
        }
    }

    /**
     * Large images are dissected on a grid of at most {@code max.side} pixels (256 by default): the stated
     * bound is 0.01 on every IoU against the image's own resolution, on 512-pixel images with 16 x 16 maps,
     * and the same best concept for every detector.
     */
    @Test
    void aCoarserGridChangesTheIouByLessThanItsStatedBound(@TempDir Path dir) throws Exception {
        List<ProbeBatch> batches = Synthetic.batches(new Random(12), 4, 8, UNITS, 512, 16, 8);
        ModelInfo model = new ModelInfo("test", "none", "0", List.of("normal", "benign", "malignant"),
                InputSpec.grey(512, 512), "layer4", List.of());
        DissectionResult full = (DissectionResult) run(new DissectionStrategy(), new ProbeContext(model, "layer4",
                Optional.empty(), Synthetic.CONCEPTS, Map.of("max.side", "0", "grid.per.cell", "0")), batches);
        DissectionResult coarse = (DissectionResult) run(new DissectionStrategy(), new ProbeContext(model, "layer4",
                Optional.empty(), Synthetic.CONCEPTS, Map.of()), batches);
        assertEquals(512L * 512 * 32, full.tally().pixels());
        assertEquals(256L * 256 * 32, coarse.tally().pixels(), "the default grid is 256 pixels on the longer side");
        double worst = 0;
        for (int k = 0; k < UNITS; k++) {
            for (int c = 0; c < Synthetic.CONCEPTS.size(); c++) {
                worst = Math.max(worst, Math.abs(full.tally().iou(k, c) - coarse.tally().iou(k, c)));
            }
            DissectionResult.UnitVerdict f = full.unitVerdicts().get(k);
            if (f.detector()) {
                assertEquals(f.concept(), coarse.unitVerdicts().get(k).concept(), "unit " + k);
            }
        }
        assertTrue(full.unitVerdicts().stream().anyMatch(DissectionResult.UnitVerdict::detector), "planted detectors");
        System.out.printf(java.util.Locale.ROOT, "dissection on a 256 grid against 512: largest IoU change %.5f%n", worst);
        assertTrue(worst <= 0.01, "largest IoU change " + worst);
    }

    /**
     * A deep layer's coarse maps (7 x 7 at 224 px) are dissected on a grid of 16 pixels per cell (112 px) by
     * default. The stated bound: with the same thresholds, every IoU within 0.01 of the image's own size, the
     * best concept of every detector the same; the thresholds themselves (quantiles of the grid's values)
     * within 2% of the full-size ones. Several data sets (seeds), not one lucky draw.
     */
    @Test
    void sixteenGridPixelsPerCellChangeTheIouByLessThanTheStatedBound() throws Exception {
        ModelInfo model = new ModelInfo("test", "none", "0", List.of("normal", "benign", "malignant"),
                InputSpec.grey(224, 224), "layer4", List.of());
        double worstIou = 0;
        double worstThreshold = 0;
        for (int seed = 1; seed <= 4; seed++) {
            List<ProbeBatch> batches = Synthetic.batches(new Random(seed), 16, 8, UNITS, 224, 7, 3.5);
            DissectionResult full = (DissectionResult) run(new DissectionStrategy(), new ProbeContext(model, "layer4",
                    Optional.empty(), Synthetic.CONCEPTS, Map.of("max.side", "0", "grid.per.cell", "0")), batches);
            DissectionResult coarse = (DissectionResult) run(new DissectionStrategy(), new ProbeContext(model, "layer4",
                    Optional.empty(), Synthetic.CONCEPTS, Map.of()), batches);
            assertEquals(224L * 224 * 128, full.tally().pixels());
            assertEquals(112L * 112 * 128, coarse.tally().pixels(), "16 grid pixels per cell of a 7 x 7 map");
            float[] thresholds = new float[UNITS];
            for (int k = 0; k < UNITS; k++) {
                thresholds[k] = full.unitVerdicts().get(k).threshold();
                float t = coarse.unitVerdicts().get(k).threshold();
                worstThreshold = Math.max(worstThreshold, Math.abs(t - thresholds[k]) / thresholds[k]);
            }
            IouTally atFull = tally(batches, thresholds, 224);
            IouTally atGrid = tally(batches, thresholds, 112);
            for (int k = 0; k < UNITS; k++) {
                int bestFull = -1;
                int bestGrid = -1;
                for (int c = 0; c < Synthetic.CONCEPTS.size(); c++) {
                    worstIou = Math.max(worstIou, Math.abs(atFull.iou(k, c) - atGrid.iou(k, c)));
                    bestFull = bestFull < 0 || atFull.iou(k, c) > atFull.iou(k, bestFull) ? c : bestFull;
                    bestGrid = bestGrid < 0 || atGrid.iou(k, c) > atGrid.iou(k, bestGrid) ? c : bestGrid;
                }
                if (atFull.iou(k, bestFull) > 0.04) {
                    assertEquals(bestFull, bestGrid, "seed " + seed + ", unit " + k);
                }
            }
            assertTrue(full.unitVerdicts().stream().anyMatch(DissectionResult.UnitVerdict::detector), "planted detectors");
        }
        System.out.printf(java.util.Locale.ROOT, "dissection of 7 x 7 maps on a 112 grid against 224: largest IoU change "
                + "%.5f at the same thresholds, largest threshold change %.4f%n", worstIou, worstThreshold);
        assertTrue(worstIou <= 0.01, "largest IoU change " + worstIou);
        assertTrue(worstThreshold <= 0.02, "largest relative threshold change " + worstThreshold);
    }

    /** IoU tallies at fixed thresholds, the maps upsampled to (and the masks sampled on) a square grid. */
    static IouTally tally(List<ProbeBatch> batches, float[] thresholds, int grid) {
        IouTally t = new IouTally(UNITS, Synthetic.CONCEPTS.size());
        ConceptRaster raster = new ConceptRaster(Synthetic.CONCEPTS);
        BilinearAxis axis = null;
        for (ProbeBatch b : batches) {
            int cells = b.activations().dim(2);
            axis = axis != null ? axis : new BilinearAxis(cells, grid);
            for (int n = 0; n < b.size(); n++) {
                Sample s = b.samples().get(n);
                raster.load(grid, grid, s.image().width(), s.image().height(), s.truth().lesions());
                t.addImage(b.activations().data(), n * UNITS * cells * cells, axis, axis, thresholds, raster);
            }
        }
        return t;
    }

    @Test
    void aDataSetWithoutMasksIsSkippedWithANote(@TempDir Path dir) throws Exception {
        List<ProbeBatch> batches = Synthetic.batches(new Random(7), 2, 4, UNITS, SIZE, CELLS, 1);
        ProbeResult r = run(new DissectionStrategy(), context(List.of(), Map.of()), batches);
        String note = String.valueOf(r.summary().get("skipped"));
        assertTrue(note.contains("no concept masks") && note.contains("layer4"), r.summary().toString());
        r.writeTo(dir);
        assertFalse(Files.exists(dir.resolve("dissection.csv")));
    }

    @Test
    void aRunnerThatMakesOnePassOfTheTwoGetsThresholdsAndANote(@TempDir Path dir) throws Exception {
        List<ProbeBatch> batches = Synthetic.batches(new Random(8), 2, 4, UNITS, SIZE, CELLS, 1);
        ProbeAccumulator acc = twoPassStrategy().newAccumulator(context(Synthetic.CONCEPTS, Map.of()));
        batches.forEach(acc::accept);
        ProbeResult r = acc.finish();
        assertTrue(String.valueOf(r.summary().get("skipped")).contains("second pass"), r.summary().toString());
        r.writeTo(dir);
        assertEquals(UNITS, Csv.read(dir.resolve("dissection_thresholds.csv")).rows().size());
        assertFalse(Files.exists(dir.resolve("dissection.csv")));
    }

    @Test
    void runParametersOverrideTheThresholds(@TempDir Path dir) throws Exception {
        List<ProbeBatch> batches = Synthetic.batches(new Random(5), 8, 8, UNITS, SIZE, CELLS, 1);
        ProbeResult r = run(new DissectionStrategy(), context(Synthetic.CONCEPTS,
                Map.of("dissection.iou_threshold", "0.3", "lift-threshold", "1000")), batches);
        r.writeTo(dir);
        long above = Csv.read(dir.resolve("dissection.csv")).rows().stream()
                .filter(row -> Double.parseDouble(row.get("iou")) > 0.3).count();
        assertEquals(above, r.summary().get("detectors"));
        assertEquals(0L, r.summary().get("specific_detectors"));
        assertThrows(DeepMinerException.class, () -> new DissectionStrategy().newAccumulator(
                context(Synthetic.CONCEPTS, Map.of("quantile", "2"))));
    }
    /** Serialises and reads back: what a checkpoint does. */
    static ProbeAccumulator roundTrip(ProbeAccumulator acc) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(acc);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            return (ProbeAccumulator) in.readObject();
        }
    }
}
