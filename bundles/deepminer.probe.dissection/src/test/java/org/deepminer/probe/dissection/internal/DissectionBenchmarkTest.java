package org.deepminer.probe.dissection.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.deepminer.api.data.Sample;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.ModelInfo;
import org.deepminer.api.probe.ProbeBatch;
import org.deepminer.api.probe.ProbeContext;
import org.deepminer.core.stats.ConceptRaster;
import org.deepminer.core.stats.IouTally;
import org.deepminer.core.stats.UnitQuantiles;
import org.deepminer.imaging.Resample;
import org.junit.jupiter.api.Test;

/**
 * Prints the dissection accumulator's time per batch beside the naive way measured in the same run
 * (upsample every unit map to the image with Resample.bilinear, add every pixel to the sketch, threshold
 * every pixel and test its masks). Asserts only that both count the same; never on time.
 */
class DissectionBenchmarkTest {
    static final int UNITS = 64;
    static final int CELLS = 16;
    static final int SIZE = 256;
    static final int BATCH = 8;

    /** Smooth ReLU maps: a few blobs over a negative offset, so about half the cells are exactly zero. */
    static List<ProbeBatch> batches(Random rnd, int count) {
        List<ProbeBatch> withMasks = Synthetic.batches(rnd, count, BATCH, 3, SIZE, CELLS, 4);
        List<ProbeBatch> out = new ArrayList<>();
        int cells = CELLS * CELLS;
        for (ProbeBatch b : withMasks) {
            float[] act = new float[BATCH * UNITS * cells];
            for (int m = 0; m < BATCH * UNITS; m++) {
                double[] cx = {rnd.nextDouble() * CELLS, rnd.nextDouble() * CELLS, rnd.nextDouble() * CELLS};
                double[] cy = {rnd.nextDouble() * CELLS, rnd.nextDouble() * CELLS, rnd.nextDouble() * CELLS};
                for (int p = 0; p < cells; p++) {
                    double v = -0.6;
                    for (int i = 0; i < 3; i++) {
                        double dx = p % CELLS - cx[i];
                        double dy = p / CELLS - cy[i];
                        v += Math.exp(-(dx * dx + dy * dy) / 6);
                    }
                    act[m * cells + p] = (float) Math.max(0, v + 0.05 * rnd.nextGaussian());
                }
            }
            // the first three units keep the planted responses to the masks
            for (int n = 0; n < BATCH; n++) {
                System.arraycopy(b.activations().data(), n * 3 * cells, act, n * UNITS * cells, 3 * cells);
            }
            out.add(new ProbeBatch(b.samples(), b.probabilities(),
                    new org.deepminer.api.model.FloatTensor(new int[] {BATCH, UNITS, CELLS, CELLS}, act)));
        }
        return out;
    }

    /** The naive pass 1: full-size maps, every pixel thresholded and looked up in a per-image concept raster. */
    static void naiveTally(List<ProbeBatch> batches, float[] t, long[] inter, long[] area, int slots) {
        ConceptRaster masks = new ConceptRaster(Synthetic.CONCEPTS);
        for (ProbeBatch b : batches) {
            for (int n = 0; n < b.size(); n++) {
                Sample s = b.samples().get(n);
                masks.load(SIZE, SIZE, s.truth().lesions());
                long[] bits = new long[SIZE * SIZE];
                for (int p = 0; p < bits.length; p++) {
                    bits[p] = masks.bitsAt(p % SIZE, p / SIZE);
                }
                for (int k = 0; k < UNITS; k++) {
                    int off = (n * UNITS + k) * CELLS * CELLS;
                    float[] up = Resample.bilinear(Arrays.copyOfRange(b.activations().data(), off, off + CELLS * CELLS),
                            CELLS, CELLS, SIZE, SIZE);
                    for (int p = 0; p < up.length; p++) {
                        if (t[k] > 0 ? up[p] >= t[k] : up[p] > t[k]) {
                            area[k]++;
                            long m = bits[p];
                            while (m != 0) {
                                inter[k * slots + masks.global(Long.numberOfTrailingZeros(m))]++;
                                m &= m - 1;
                            }
                        }
                    }
                }
            }
        }
    }

    static UnitQuantiles naiveSketch(List<ProbeBatch> batches) {
        UnitQuantiles q = new UnitQuantiles(UNITS);
        for (ProbeBatch b : batches) {
            for (int n = 0; n < b.size(); n++) {
                for (int k = 0; k < UNITS; k++) {
                    int off = (n * UNITS + k) * CELLS * CELLS;
                    for (float v : Resample.bilinear(Arrays.copyOfRange(b.activations().data(), off, off + CELLS * CELLS),
                            CELLS, CELLS, SIZE, SIZE)) {
                        q.add(k, v);
                    }
                }
            }
        }
        return q;
    }

    @Test
    void dissectionAgainstNaiveUpsampling() {
        List<ProbeBatch> batches = batches(new Random(99), Integer.getInteger("bench.batches", 4));
        ModelInfo model = new ModelInfo("bench", "none", "0", List.of("a"), InputSpec.grey(SIZE, SIZE), "l", List.of());
        ProbeContext ctx = new ProbeContext(model, "l", Optional.empty(), Synthetic.CONCEPTS, Map.of());
        DissectionStrategy onePass = new DissectionStrategy();
        DissectionStrategy twoPasses = new DissectionStrategy(new DissectionStrategy.Settings(0.005, 0.04, 1.5, 2, 256, 16));
        int slots = Synthetic.CONCEPTS.size() + 1;

        // best times: one pass, two passes' first and second, naive sketch, naive tally
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        DissectionResult one = null;
        DissectionResult two = null;
        long[] inter = null;
        long[] area = null;
        for (int round = 0; round < 3; round++) { // the first round warms the JIT up; the best of the rest counts
            long t0 = System.nanoTime();
            DissectionAccumulator acc = (DissectionAccumulator) onePass.newAccumulator(ctx);
            batches.forEach(acc::accept);
            one = (DissectionResult) acc.finish();
            long t1 = System.nanoTime();
            acc = (DissectionAccumulator) twoPasses.newAccumulator(ctx);
            batches.forEach(acc::accept);
            acc.beginPass(1);
            long t2 = System.nanoTime();
            batches.forEach(acc::accept);
            two = (DissectionResult) acc.finish();
            long t3 = System.nanoTime();
            UnitQuantiles naive = naiveSketch(batches);
            float[] t = new float[UNITS];
            for (int k = 0; k < UNITS; k++) {
                t[k] = naive.upperQuantile(k, 0.005).value();
            }
            long t4 = System.nanoTime();
            inter = new long[UNITS * slots];
            area = new long[UNITS];
            naiveTally(batches, t, inter, area, slots);
            long t5 = System.nanoTime();
            for (int k = 0; k < UNITS; k++) {
                assertEquals(t[k], one.unitVerdicts().get(k).threshold(), "unit " + k + " threshold, one pass");
                assertEquals(t[k], two.unitVerdicts().get(k).threshold(), "unit " + k + " threshold, two passes");
            }
            if (round > 0) {
                best[0] = Math.min(best[0], t1 - t0);
                best[1] = Math.min(best[1], t2 - t1);
                best[2] = Math.min(best[2], t3 - t2);
                best[3] = Math.min(best[3], t4 - t3);
                best[4] = Math.min(best[4], t5 - t4);
            }
        }
        for (DissectionResult r : List.of(one, two)) {
            IouTally tally = r.tally();
            for (int k = 0; k < UNITS; k++) {
                assertEquals(area[k], tally.unitArea(k), "unit " + k);
                for (int c = 0; c < slots; c++) {
                    assertEquals(inter[k * slots + c], tally.intersection(k, c), "unit " + k + " concept " + c);
                }
            }
        }
        double n = batches.size();
        long naive = best[3] + best[4];
        System.out.printf(java.util.Locale.ROOT,
                "BENCH dissection: %d units %dx%d maps on %dx%d images, batch %d: one pass %.2f ms/batch; two passes %.2f "
                        + "(thresholds %.2f + IoU %.2f); naive upsampling %.1f (sketch %.1f + IoU %.1f); one pass / naive %.4f, "
                        + "two passes / naive %.4f, one / two %.3f%n",
                UNITS, CELLS, CELLS, SIZE, SIZE, BATCH, best[0] / 1e6 / n, (best[1] + best[2]) / 1e6 / n, best[1] / 1e6 / n,
                best[2] / 1e6 / n, naive / 1e6 / n, best[3] / 1e6 / n, best[4] / 1e6 / n, (double) best[0] / naive,
                (double) (best[1] + best[2]) / naive, (double) best[0] / (best[1] + best[2]));
    }
}
