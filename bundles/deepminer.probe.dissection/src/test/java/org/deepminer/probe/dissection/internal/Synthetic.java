package org.deepminer.probe.dissection.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.deepminer.api.data.Box;
import org.deepminer.api.data.GroundTruth;
import org.deepminer.api.data.ImageMetadata;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.data.RegionMask;
import org.deepminer.api.data.Report;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.data.Split;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.probe.ProbeBatch;

/**
 * Images with spiculated masses (mass disk, spicule halo as the margin-spiculated concept mask) and
 * calcification clusters, and activation maps with planted units: unit 0 fires on spicule halos (and is
 * inhibited by mass cores), unit 1 on any lesion territory, unit 2 on calcifications; the other units are
 * noise.
 */
final class Synthetic {
    static final List<String> CONCEPTS = List.of("finding-mass", "margin-spiculated", "finding-calcification",
            "calc-fine-pleomorphic");

    private Synthetic() {}

    static RegionMask disk(int cx, int cy, double inner, double outer) {
        int r = (int) Math.ceil(outer);
        Box box = new Box(cx - r, cy - r, 2 * r + 1, 2 * r + 1);
        BitSet bits = new BitSet();
        for (int y = 0; y < box.height(); y++) {
            for (int x = 0; x < box.width(); x++) {
                double d = Math.hypot(x - r, y - r);
                if (d <= outer && d > inner) {
                    bits.set(y * box.width() + x);
                }
            }
        }
        return new RegionMask(box, bits);
    }

    static Sample sample(String id, int size, List<Lesion> lesions) {
        String label = lesions.isEmpty() ? "normal" : "malignant";
        return new Sample(new SampleRef(id, id, Split.VALIDATION, label), new MammogramImage(size, size, new float[size * size]),
                new ImageMetadata("OT", Laterality.LEFT, "", 0, 8, false, Map.of()),
                new GroundTruth(label, lesions, new Report("", Set.of(), -1, "")));
    }

    /** Fraction of each map cell covered by a mask (the planted units' response). */
    static float[] coverage(List<RegionMask> masks, int size, int cellsPerSide) {
        float[] out = new float[cellsPerSide * cellsPerSide];
        int cell = size / cellsPerSide;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (RegionMask m : masks) {
                    if (m.contains(x, y)) {
                        out[(y / cell) * cellsPerSide + x / cell] += 1f / (cell * cell);
                        break;
                    }
                }
            }
        }
        return out;
    }

    static List<ProbeBatch> batches(Random rnd, int count, int batchSize, int units, int size, int cellsPerSide,
            double scale) {
        List<ProbeBatch> out = new ArrayList<>();
        int cells = cellsPerSide * cellsPerSide;
        int margin = (int) (12 * scale);
        for (int b = 0; b < count; b++) {
            List<Sample> samples = new ArrayList<>();
            float[] act = new float[batchSize * units * cells];
            for (int n = 0; n < batchSize; n++) {
                List<Lesion> lesions = new ArrayList<>();
                List<RegionMask> halo = new ArrayList<>();
                List<RegionMask> cores = new ArrayList<>();
                List<RegionMask> territory = new ArrayList<>();
                List<RegionMask> calcs = new ArrayList<>();
                double kind = rnd.nextDouble();
                int cx = margin + rnd.nextInt(size - 2 * margin);
                int cy = margin + rnd.nextInt(size - 2 * margin);
                if (kind < 0.45) {
                    RegionMask mass = disk(cx, cy, -1, 6 * scale);
                    RegionMask spicules = disk(cx, cy, 6 * scale, 10 * scale);
                    lesions.add(new Lesion("m", "finding-mass", "malignant", Set.of("margin-spiculated"), mass,
                            Map.of("margin-spiculated", spicules), List.of(), 5));
                    halo.add(spicules);
                    cores.add(mass);
                    territory.add(disk(cx, cy, -1, 10 * scale));
                } else if (kind < 0.8) {
                    RegionMask cluster = disk(cx, cy, -1, 4 * scale);
                    lesions.add(new Lesion("c", "finding-calcification", "malignant", Set.of("calc-fine-pleomorphic"),
                            cluster, Map.of(), List.of(), 4));
                    calcs.add(cluster);
                    territory.add(cluster);
                }
                samples.add(sample("img" + b + "_" + n, size, lesions));
                List<List<RegionMask>> planted = List.of(halo, territory, calcs);
                // the halo unit is an edge detector: spicules excite it, the mass core inhibits it
                float[] inhibition = coverage(cores, size, cellsPerSide);
                for (int k = 0; k < units; k++) {
                    int base = (n * units + k) * cells;
                    float[] cover = k < planted.size() ? coverage(planted.get(k), size, cellsPerSide) : null;
                    for (int p = 0; p < cells; p++) {
                        double v = cover != null ? 4 * cover[p] + 0.05 * rnd.nextGaussian() : rnd.nextGaussian();
                        if (k == 0) {
                            v -= 8 * inhibition[p];
                        }
                        act[base + p] = (float) Math.max(0, v);
                    }
                }
            }
            out.add(new ProbeBatch(samples, new FloatTensor(new int[] {batchSize, 3}, new float[batchSize * 3]),
                    new FloatTensor(new int[] {batchSize, units, cellsPerSide, cellsPerSide}, act)));
        }
        return out;
    }
}
