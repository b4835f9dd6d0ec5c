package org.deepminer.probe.topactivations.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.GroundTruth;
import org.deepminer.api.data.ImageMetadata;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.data.Report;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.data.Split;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.ModelInfo;
import org.deepminer.api.probe.ProbeAccumulator;
import org.deepminer.api.probe.ProbeBatch;
import org.deepminer.api.probe.ProbeContext;
import org.deepminer.core.run.Csv;
import org.deepminer.imaging.Resample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopActivationsStrategyTest {
    static final int UNITS = 5;
    static final int H = 4;
    static final int W = 4;
    static final int SIZE = 48;

    static Sample sample(String id, float grey) {
        float[] pixels = new float[SIZE * SIZE];
        Arrays.fill(pixels, grey);
        return new Sample(new SampleRef(id, id, Split.VALIDATION, "benign"), new MammogramImage(SIZE, SIZE, pixels),
                new ImageMetadata("OT", Laterality.LEFT, "", 0, 8, false, Map.of()),
                new GroundTruth("benign", List.of(), new Report("", Set.of(), -1, "")));
    }

    /**
     * Every third sample is a patch ({@code scanN@x,y,48,48}). Unit 0 has one hot cell, (row 1, col 2), on
     * a quarter of the samples; unit 4 is dead (all zero) so its choice is all ties.
     */
    static List<ProbeBatch> batches(Random rnd, int count, int batchSize) {
        List<ProbeBatch> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            List<Sample> samples = new ArrayList<>();
            float[] act = new float[batchSize * UNITS * H * W];
            for (int n = 0; n < batchSize; n++) {
                int i = b * batchSize + n;
                String id = i % 3 == 0 ? "scan" + (i / 3) + "@" + (i * 7 % 100) + "," + (i * 13 % 100) + ",48,48" : "image" + i;
                samples.add(sample(id, 0.5f));
                for (int u = 0; u < UNITS - 1; u++) {
                    for (int p = 0; p < H * W; p++) {
                        act[(n * UNITS + u) * H * W + p] = u == 0 ? rnd.nextFloat() * 0.1f : rnd.nextFloat();
                    }
                }
                if (i % 4 == 0) {
                    act[(n * UNITS) * H * W + W + 2] = 2f + rnd.nextFloat();
                }
            }
            out.add(new ProbeBatch(samples, new FloatTensor(new int[] {batchSize, 3}, new float[batchSize * 3]),
                    new FloatTensor(new int[] {batchSize, UNITS, H, W}, act)));
        }
        return out;
    }

    static ProbeContext context(Map<String, String> parameters) {
        ModelInfo model = new ModelInfo("test", "none", "0", List.of("benign"), InputSpec.grey(SIZE, SIZE), "layer4", List.of());
        return new ProbeContext(model, "layer4", Optional.empty(), List.of(), parameters);
    }

    record Scored(String id, float max) {}

    static List<Scored> bruteForce(List<ProbeBatch> batches, int unit) {
        List<Scored> all = new ArrayList<>();
        for (ProbeBatch b : batches) {
            for (int n = 0; n < b.size(); n++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int p = 0; p < H * W; p++) {
                    max = Math.max(max, b.activations().data()[(n * UNITS + unit) * H * W + p]);
                }
                all.add(new Scored(b.samples().get(n).id(), max));
            }
        }
        all.sort(Comparator.comparingDouble((Scored s) -> -s.max()));
        return all;
    }

    @Test
    void keepsEachUnitsTopSamplesWithTheirLocations(@TempDir Path dir) throws Exception {
        List<ProbeBatch> batches = batches(new Random(1), 10, 6);
        ProbeAccumulator acc = new TopActivationsStrategy().newAccumulator(context(Map.of("images_per_unit", "5")));
        batches.forEach(acc::accept);
        acc.finish().writeTo(dir);
        Csv csv = Csv.read(dir.resolve("topactivations.csv"));
        assertEquals(List.of("unit", "rank", "sample_id", "max_activation", "image_id", "x", "y", "width", "height"), csv.columns());
        assertEquals(UNITS * 5, csv.rows().size());
        for (int u = 0; u < UNITS - 1; u++) {
            List<Scored> expected = bruteForce(batches, u);
            for (int r = 0; r < 5; r++) {
                Map<String, String> row = csv.rows().get(u * 5 + r);
                assertEquals(String.valueOf(r + 1), row.get("rank"));
                assertEquals(expected.get(r).id(), row.get("sample_id"), "unit " + u + " rank " + (r + 1));
                assertEquals(expected.get(r).max(), Float.parseFloat(row.get("max_activation")));
            }
        }
        for (Map<String, String> row : csv.rows()) {
            String id = row.get("sample_id");
            if (id.startsWith("scan")) {
                int i = 3 * Integer.parseInt(id.substring(4, id.indexOf('@')));
                assertEquals(id.substring(0, id.indexOf('@')), row.get("image_id"));
                assertEquals(List.of(String.valueOf(i * 7 % 100), String.valueOf(i * 13 % 100), "48", "48"),
                        List.of(row.get("x"), row.get("y"), row.get("width"), row.get("height")));
            } else {
                assertEquals(List.of(id, "0", "0", "48", "48"),
                        List.of(row.get("image_id"), row.get("x"), row.get("y"), row.get("width"), row.get("height")));
            }
        }
        // the planted unit's top samples are the ones with the hot cell
        for (int r = 0; r < 5; r++) {
            assertTrue(Float.parseFloat(csv.rows().get(r).get("max_activation")) >= 2f);
        }
        try (Stream<Path> montages = Files.list(dir.resolve("montages"))) {
            assertEquals(UNITS, montages.count());
        }
    }

    @Test
    void montageShowsTheRelativeMaskAndDimsTheRest(@TempDir Path dir) throws Exception {
        List<ProbeBatch> batches = batches(new Random(2), 12, 6);
        ProbeAccumulator acc = new TopActivationsStrategy().newAccumulator(context(Map.of()));
        batches.forEach(acc::accept);
        TopActivationsResult result = (TopActivationsResult) acc.finish();
        result.writeTo(dir);
        BufferedImage png = ImageIO.read(dir.resolve("montages/unit_0.png").toFile());
        int size = 96;
        int kept = Math.min(64, 72);
        assertEquals(8 * (size + 2) + 2, png.getWidth());
        assertEquals(((kept + 7) / 8) * (size + 2) + 2, png.getHeight());

        List<TopActivationsResult.Kept> top = result.units().get(0);
        float top1 = top.get(0).max();
        for (int t : new int[] {0, 5, 17, 63}) {
            TopActivationsResult.Kept e = top.get(t);
            float[] up = Resample.bilinear(e.map(), W, H, size, size);
            int shown = 0;
            int dimmed = 0;
            int x0 = 2 + (t % 8) * (size + 2);
            int y0 = 2 + (t / 8) * (size + 2);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int grey = png.getRGB(x0 + x, y0 + y) & 0xff;
                    boolean expectShown = up[y * size + x] / top1 >= 0.2f;
                    // the image is grey 0.5 (128): full brightness on the mask, 20% (26) off it
                    assertEquals(expectShown ? 128 : 26, grey, "tile " + t + " pixel " + x + "," + y);
                    shown += expectShown ? 1 : 0;
                    dimmed += expectShown ? 0 : 1;
                }
            }
            if (t < 15) { // the hot samples: a blob around cell (row 1, col 2), the rest dimmed
                assertTrue(shown > 0 && dimmed > shown, "tile " + t + ": " + shown + " shown, " + dimmed + " dimmed");
                assertEquals(128, png.getRGB(x0 + (int) (2.5 * 24), y0 + (int) (1.5 * 24)) & 0xff);
            }
        }
    }

    @Test
    void quantileMaskUsesTheUnitsUpperQuantileOfItsUpsampledMaps(@TempDir Path dir) throws Exception {
        List<ProbeBatch> batches = batches(new Random(3), 6, 6);
        ProbeAccumulator acc = new TopActivationsStrategy().newAccumulator(context(Map.of("mask.mode", "QUANTILE",
                "images.per.unit", "8")));
        batches.forEach(acc::accept);
        TopActivationsResult result = (TopActivationsResult) acc.finish();
        for (int u = 0; u < UNITS - 1; u++) {
            List<Float> values = new ArrayList<>();
            for (ProbeBatch b : batches) {
                for (int n = 0; n < b.size(); n++) {
                    int off = (n * UNITS + u) * H * W;
                    for (float v : Resample.bilinear(Arrays.copyOfRange(b.activations().data(), off, off + H * W), W, H, SIZE, SIZE)) {
                        values.add(v);
                    }
                }
            }
            values.sort(null);
            float exact = values.get(values.size() - (int) Math.ceil(0.005 * values.size()));
            TopActivationsResult.Kept e = result.units().get(u).get(0);
            float[] tile = result.tile(e, u, e.max(), 96);
            float[] up = Resample.bilinear(e.map(), W, H, 96, 96);
            int shownAboveExact = 0;
            for (int p = 0; p < tile.length; p++) {
                boolean shown = tile[p] > 0.3f;
                if (up[p] > exact) {
                    assertTrue(shown, "unit " + u + ": a pixel above the exact quantile must be shown (threshold errs low)");
                    shownAboveExact++;
                }
                if (shown) {
                    assertTrue(up[p] > exact * (1 - 0x1p-7), "unit " + u + ": a shown pixel is within the sketch's bound");
                }
            }
            assertTrue(shownAboveExact > 0 || u == 4);
        }
        result.writeTo(dir);
        assertEquals("quantile 0.005", result.summary().get("mask"));
    }

    @Test
    void mergedPartsWriteTheFilesOfOnePass(@TempDir Path dir) throws Exception {
        List<ProbeBatch> batches = batches(new Random(4), 12, 5);
        TopActivationsStrategy strategy = new TopActivationsStrategy();
        ProbeContext ctx = context(Map.of("images.per.unit", "7", "montage.units", "0, 2,4"));
        ProbeAccumulator one = strategy.newAccumulator(ctx);
        batches.forEach(one::accept);
        ProbeAccumulator[] parts = {strategy.newAccumulator(ctx), strategy.newAccumulator(ctx), strategy.newAccumulator(ctx)};
        for (int i = 0; i < batches.size(); i++) {
            parts[(i * 7) % 3].accept(batches.get(i));
        }
        parts[0].merge(roundTrip(parts[2])); // a checkpoint mid-run changes nothing
        parts[1].merge(parts[0]);
        one.finish().writeTo(dir.resolve("one"));
        parts[1].finish().writeTo(dir.resolve("merged"));
        List<String> files = List.of("topactivations.csv", "montages/unit_0.png", "montages/unit_2.png", "montages/unit_4.png");
        for (String f : files) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("one").resolve(f)), Files.readAllBytes(dir.resolve("merged").resolve(f)), f);
        }
        assertTrue(Files.notExists(dir.resolve("one/montages/unit_1.png")), "only the units asked for get montages");
    }

    @Test
    void keepsOneThumbnailPerKeptSampleAndNoMore() {
        List<ProbeBatch> batches = batches(new Random(5), 30, 8);
        TopActivationsAccumulator acc = (TopActivationsAccumulator) new TopActivationsStrategy()
                .newAccumulator(context(Map.of("images.per.unit", "6")));
        batches.forEach(acc::accept);
        TopActivationsResult r = (TopActivationsResult) acc.finish();
        Set<String> kept = new HashSet<>();
        r.units().forEach(list -> list.forEach(e -> kept.add(e.sampleId())));
        assertEquals(kept.size(), acc.thumbnailCount());
        assertTrue(kept.size() <= UNITS * 6);
    }

    @Test
    void badParametersAreNamed() {
        DeepMinerException e = assertThrows(DeepMinerException.class,
                () -> new TopActivationsStrategy().newAccumulator(context(Map.of("mask.mode", "sometimes"))));
        assertTrue(e.getMessage().contains("mask.mode") && e.getMessage().contains("quantile"), e.getMessage());
        e = assertThrows(DeepMinerException.class,
                () -> new TopActivationsStrategy().newAccumulator(context(Map.of("top-activations.montage.units", "3,x"))));
        assertTrue(e.getMessage().contains("montage.units"), e.getMessage());
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
