package org.deepminer.probe.ranking.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.GroundTruth;
import org.deepminer.api.data.ImageMetadata;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.data.Report;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.data.Split;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.ModelInfo;
import org.deepminer.api.probe.ProbeAccumulator;
import org.deepminer.api.probe.ProbeBatch;
import org.deepminer.api.probe.ProbeContext;
import org.deepminer.core.run.Csv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankingStrategyTest {
    static final List<String> CLASSES = List.of("normal", "benign", "malignant");
    static final int UNITS = 40;
    static final int H = 4;
    static final int W = 5;

    /** Units 5c .. 5c+4 are planted for class c: weight 1 and a hot spot on images of class c. */
    static ClassifierHead head(Random rnd) {
        float[] w = new float[CLASSES.size() * UNITS];
        for (int c = 0; c < CLASSES.size(); c++) {
            for (int k = 0; k < UNITS; k++) {
                w[c * UNITS + k] = k / 5 == c ? 1f : (float) (rnd.nextGaussian() * 0.1);
            }
        }
        return new ClassifierHead("layer4", CLASSES.size(), UNITS, w, new float[CLASSES.size()]);
    }

    static Sample sample(String id, String label) {
        GroundTruth truth = new GroundTruth(label, List.of(), new Report("", Set.of(), -1, ""));
        return new Sample(new SampleRef(id, id, Split.VALIDATION, label), new MammogramImage(8, 8, new float[64]),
                new ImageMetadata("OT", Laterality.LEFT, "", 0, 8, false, Map.of()), truth);
    }

    static List<ProbeBatch> batches(Random rnd, int count, int batchSize) {
        List<ProbeBatch> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            List<Sample> samples = new ArrayList<>();
            float[] act = new float[batchSize * UNITS * H * W];
            for (int n = 0; n < batchSize; n++) {
                int label = rnd.nextInt(CLASSES.size());
                samples.add(sample("img" + b + "_" + n, CLASSES.get(label)));
                for (int k = 0; k < UNITS; k++) {
                    for (int p = 0; p < H * W; p++) {
                        // quantised values: plenty of exact ties between units
                        act[(n * UNITS + k) * H * W + p] = Math.round(rnd.nextFloat() * 0.5f * 16) / 16f;
                    }
                    if (k / 5 == label) {
                        act[(n * UNITS + k) * H * W + rnd.nextInt(H * W)] = 3f;
                    }
                }
            }
            out.add(new ProbeBatch(samples, new FloatTensor(new int[] {batchSize, 3}, new float[batchSize * 3]),
                    new FloatTensor(new int[] {batchSize, UNITS, H, W}, act)));
        }
        return out;
    }

    static ProbeContext context(Optional<ClassifierHead> head, Map<String, String> parameters) {
        ModelInfo model = new ModelInfo("test", "none", "0", CLASSES, InputSpec.grey(8, 8), "layer4", List.of());
        return new ProbeContext(model, "layer4", head, List.of(), parameters);
    }

    record Row(String className, int unit, long count, double mean) {}

    /** The ranking computed the obvious way: sort every image's scores, count, sort the counts. */
    static List<Row> expected(List<ProbeBatch> batches, ClassifierHead head, int top, int perClass) {
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < CLASSES.size(); c++) {
            long[] counts = new long[UNITS];
            double[] sums = new double[UNITS];
            for (ProbeBatch b : batches) {
                float[] a = b.activations().data();
                for (int n = 0; n < b.size(); n++) {
                    List<float[]> scored = new ArrayList<>();
                    for (int k = 0; k < UNITS; k++) {
                        float max = Float.NEGATIVE_INFINITY;
                        for (int p = 0; p < H * W; p++) {
                            max = Math.max(max, a[(n * UNITS + k) * H * W + p]);
                        }
                        scored.add(new float[] {head.weight(c, k) * max, k});
                    }
                    scored.sort(Comparator.comparingDouble((float[] s) -> -s[0]).thenComparingDouble(s -> s[1]));
                    for (int i = 0; i < top; i++) {
                        counts[(int) scored.get(i)[1]]++;
                        sums[(int) scored.get(i)[1]] += scored.get(i)[0];
                    }
                }
            }
            List<Row> cls = new ArrayList<>();
            for (int k = 0; k < UNITS; k++) {
                if (counts[k] > 0) {
                    cls.add(new Row(CLASSES.get(c), k, counts[k], sums[k] / counts[k]));
                }
            }
            cls.sort(Comparator.comparingLong((Row r) -> -r.count()).thenComparingDouble(r -> -r.mean())
                    .thenComparingInt(Row::unit));
            rows.addAll(cls.subList(0, Math.min(perClass, cls.size())));
        }
        return rows;
    }

    @Test
    void findsThePlantedClassUnitsWithTheCountsOfABruteForceRanking(@TempDir Path dir) throws Exception {
        Random rnd = new Random(1);
        ClassifierHead head = head(rnd);
        List<ProbeBatch> batches = batches(rnd, 6, 10);
        ProbeAccumulator acc = new RankingStrategy().newAccumulator(context(Optional.of(head), Map.of()));
        batches.forEach(acc::accept);
        RankingResult result = (RankingResult) acc.finish();
        result.writeTo(dir);

        Csv csv = Csv.read(dir.resolve("rankings.csv"));
        assertEquals(List.of("class", "rank", "unit", "count", "mean_score"), csv.columns());
        List<Row> expected = expected(batches, head, 8, 20);
        assertEquals(expected.size(), csv.rows().size());
        for (int i = 0; i < expected.size(); i++) {
            Map<String, String> row = csv.rows().get(i);
            Row e = expected.get(i);
            assertEquals(e.className(), row.get("class"));
            assertEquals(e.unit(), Integer.parseInt(row.get("unit")), "row " + i);
            assertEquals(e.count(), Long.parseLong(row.get("count")));
            assertEquals(e.mean(), Double.parseDouble(row.get("mean_score")), 1e-9);
        }
        for (int c = 0; c < CLASSES.size(); c++) {
            for (RankingResult.RankedUnit u : result.classes().get(c).units().subList(0, 5)) {
                assertEquals(c, u.unit() / 5, "class " + CLASSES.get(c) + " should rank its planted units first");
                assertEquals(60, u.count(), "a planted unit is among the top 8 of every image");
            }
            assertTrue(result.classes().get(c).units().size() <= 20);
            assertEquals(1, result.classes().get(c).units().get(0).rank());
        }
        assertEquals(60L, result.summary().get("images"));
        String json = Files.readString(dir.resolve("rankings.json"));
        assertTrue(json.contains("\"malignant\"") && json.contains("\"mean_score\""), json);
    }

    @Test
    void mergedPartsWriteTheFilesOfOnePass(@TempDir Path dir) throws Exception {
        Random rnd = new Random(2);
        ClassifierHead head = head(rnd);
        List<ProbeBatch> batches = batches(rnd, 9, 7);
        RankingStrategy strategy = new RankingStrategy();
        ProbeContext ctx = context(Optional.of(head), Map.of());
        ProbeAccumulator one = strategy.newAccumulator(ctx);
        batches.forEach(one::accept);
        ProbeAccumulator[] parts = {strategy.newAccumulator(ctx), strategy.newAccumulator(ctx), strategy.newAccumulator(ctx)};
        for (int i = 0; i < batches.size(); i++) {
            parts[(i * 5) % 3].accept(batches.get(i));
        }
        parts[1] = roundTrip(parts[1]); // a checkpoint mid-run changes nothing
        parts[1].merge(parts[2]);
        parts[0].merge(parts[1]);
        one.finish().writeTo(dir.resolve("one"));
        parts[0].finish().writeTo(dir.resolve("merged"));
        for (String f : List.of("rankings.csv", "rankings.json")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("one").resolve(f)),
                    Files.readAllBytes(dir.resolve("merged").resolve(f)), f);
        }
    }

    @Test
    void runParametersOverrideTheConfiguration() {
        Random rnd = new Random(3);
        ClassifierHead head = head(rnd);
        List<ProbeBatch> batches = batches(rnd, 2, 10);
        RankingStrategy strategy = new RankingStrategy(new RankingStrategy.Settings(8, 20));
        ProbeAccumulator acc = strategy.newAccumulator(context(Optional.of(head),
                Map.of("ranking.units-per-class", "4", "top_units_per_image", "3", "units.per.class", "9")));
        batches.forEach(acc::accept);
        RankingResult r = (RankingResult) acc.finish();
        assertEquals(3, r.topUnitsPerImage());
        List<Row> expected = expected(batches, head, 3, 4);
        List<Row> actual = new ArrayList<>();
        for (RankingResult.ClassRanking c : r.classes()) {
            assertEquals(4, c.units().size());
            c.units().forEach(u -> actual.add(new Row(c.className(), u.unit(), u.count(), 0)));
        }
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).unit(), actual.get(i).unit());
            assertEquals(expected.get(i).count(), actual.get(i).count());
        }
        DeepMinerException bad = assertThrows(DeepMinerException.class, () -> strategy.newAccumulator(
                context(Optional.of(head), Map.of("units.per.class", "many"))));
        assertTrue(bad.getMessage().contains("units.per.class"), bad.getMessage());
    }

    @Test
    void refusesALayerWithoutHeadNamingIt() {
        DeepMinerException e = assertThrows(DeepMinerException.class,
                () -> new RankingStrategy().newAccumulator(context(Optional.empty(), Map.of())));
        assertTrue(e.getMessage().contains("layer4"), e.getMessage());
        assertTrue(e.getMessage().contains("classifier head"), e.getMessage());
    }

    @Test
    void activationsThatDoNotMatchTheHeadAreRefused() {
        Random rnd = new Random(4);
        ProbeAccumulator acc = new RankingStrategy().newAccumulator(context(Optional.of(head(rnd)), Map.of()));
        ProbeBatch wrong = new ProbeBatch(List.of(sample("a", "normal")), new FloatTensor(new int[] {1, 3}, new float[3]),
                new FloatTensor(new int[] {1, 7, 2, 2}, new float[28]));
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> acc.accept(wrong));
        assertTrue(e.getMessage().contains("layer4") && e.getMessage().contains("[1, 7, 2, 2]"), e.getMessage());
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
