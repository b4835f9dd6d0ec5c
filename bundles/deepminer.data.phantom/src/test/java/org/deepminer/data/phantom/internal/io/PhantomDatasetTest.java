package org.deepminer.data.phantom.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.RegionMask;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;
import org.deepminer.data.phantom.internal.model.CasePrior;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhantomDatasetTest {
    @TempDir
    static Path tmp;
    static Path set;
    static final ObjectMapper JSON = new ObjectMapper();
    static final int SIZE = 256;

    @BeforeAll
    static void generate() throws IOException {
        set = tmp.resolve("set");
        new PhantomGenerator(RealDicom.get()).generate(set,
                new PhantomParameters(8, 61, SIZE, List.of("CC", "MLO"), 3.0, CasePrior.Mix.defaults(), 2));
    }

    private static JsonNode report(Path root, String id) throws IOException {
        return JSON.readTree(root.resolve("reports/" + id + ".json").toFile());
    }

    @Test
    void roundTripGivesTheGeneratedSamples() throws IOException {
        try (Dataset d = new PhantomDataset(set, DatasetOptions.strictDefaults(), RealDicom.get())) {
            assertEquals("phantom", d.format());
            assertEquals(16, d.samples().size());
            int lesions = 0;
            for (SampleRef ref : d.samples()) {
                JsonNode r = report(set, ref.id());
                assertEquals(r.get("case_id").asText(), ref.caseId());
                assertEquals(r.get("split").asText(), ref.split().label());
                assertEquals(r.get("label").asText(), ref.label());
                Sample s = d.load(ref);
                assertEquals(SIZE, s.image().width());
                Laterality laterality = Laterality.valueOf(r.get("laterality").asText());
                assertEquals(laterality, s.metadata().laterality());
                assertEquals(r.get("view").asText(), s.metadata().view());
                assertEquals(0.4, s.metadata().pixelSpacingMm(), 1e-9);
                assertEquals(laterality == Laterality.RIGHT, s.metadata().flipped(), "RIGHT breasts are stored mirrored");
                assertCanonical(s, r);
                assertEquals(r.get("report").asText(), s.truth().report().text());
                assertTrue(s.truth().report().concepts().contains(r.get("density").asText()));
                assertEquals(r.get("density").asText(), s.truth().report().density());
                assertEquals(r.get("lesions").size(), s.truth().lesions().size());
                for (int i = 0; i < s.truth().lesions().size(); i++) {
                    Lesion l = s.truth().lesions().get(i);
                    JsonNode lj = r.get("lesions").get(i);
                    assertEquals(lj.get("id").asText(), l.id());
                    assertEquals(lj.get("kind").asText(), l.kind());
                    assertEquals(lj.get("concepts").size(), l.concepts().size());
                    assertEquals(lj.get("concept_masks").size(), l.conceptMasks().size());
                    assertEquals(lj.get("outline").size(), l.outline().size());
                    assertEquals(maskArea(set.resolve(lj.get("mask").asText())), l.mask().area());
                    for (Map.Entry<String, RegionMask> e : l.conceptMasks().entrySet()) {
                        assertTrue(e.getValue().area() > 0);
                        assertTrue(l.concepts().contains(e.getKey()));
                    }
                    assertEquals(l.mask(), l.maskOf(l.kind()), "the kind's concept uses the lesion mask");
                    lesions++;
                }
            }
            assertTrue(lesions > 0);
            assertTrue(d.problems().isEmpty());
        }
    }

    /** Canonical: the loaded image is the synthesised one (chest wall left), whichever way it was stored. */
    private static void assertCanonical(Sample s, JsonNode r) throws IOException {
        // the DDSM PNG holds the stored 12-bit values; un-mirror a RIGHT breast and correlate
        Png.Grey stored = Png.readGrey(set.resolve(r.get("ddsm_image").asText()), 1 << 20);
        boolean right = r.get("laterality").asText().equals("RIGHT");
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        int n = SIZE * SIZE;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double a = stored.samples()[y * SIZE + (right ? SIZE - 1 - x : x)];
                double b = s.image().get(x, y);
                sx += a;
                sy += b;
                sxx += a * a;
                syy += b * b;
                sxy += a * b;
            }
        }
        double corr = (n * sxy - sx * sy) / Math.sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
        assertTrue(corr > 0.99, s.id() + ": loaded image matches the canonical one, r = " + corr);
    }

    private static int maskArea(Path png) throws IOException {
        int n = 0;
        for (int v : Png.readGrey(png, 1 << 20).samples()) {
            n += v != 0 ? 1 : 0;
        }
        return n;
    }

    private static Path copy(String name) throws IOException {
        Path target = tmp.resolve(name);
        try (Stream<Path> files = Files.walk(set)) {
            for (Path p : files.toList()) {
                Path t = target.resolve(set.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return target;
    }

    @Test
    void badFilesAreSkippedWhenLenientAndFatalWhenStrict() throws IOException {
        Path broken = copy("broken");
        List<String> ids;
        try (Dataset d = new PhantomDataset(broken, DatasetOptions.strictDefaults(), RealDicom.get())) {
            ids = d.samples().stream().map(SampleRef::id).toList();
        }
        String badReport = ids.get(0);
        Files.writeString(broken.resolve("reports/" + badReport + ".json"), "{ \"id\": ");
        String missingMask = null;
        for (String id : ids.subList(1, ids.size())) {
            JsonNode r = report(broken, id);
            if (r.get("lesions").size() > 0) {
                missingMask = id;
                Files.delete(broken.resolve(r.get("lesions").get(0).get("mask").asText()));
                break;
            }
        }
        String notDicom = ids.get(ids.size() - 1);
        Files.write(broken.resolve(report(broken, notDicom).get("dicom").asText()), new byte[] {1, 2, 3});
        // a DICOM file cut short: it looks like DICOM when the set is opened, and fails when read
        String badDicom = ids.get(ids.size() - 2);
        Path dcm = broken.resolve(report(broken, badDicom).get("dicom").asText());
        byte[] bytes = Files.readAllBytes(dcm);
        Files.write(dcm, java.util.Arrays.copyOf(bytes, 600));

        DeepMinerException strict = assertThrows(DeepMinerException.class,
                () -> new PhantomDataset(broken, DatasetOptions.strictDefaults(), RealDicom.get()));
        assertTrue(strict.getMessage().contains(badReport + ".json"), strict.getMessage());

        try (Dataset d = new PhantomDataset(broken, DatasetOptions.lenient(), RealDicom.get())) {
            assertEquals(ids.size() - 3, d.samples().size());
            assertEquals(3, d.problems().size(), d.problems().toString());
            assertTrue(d.problems().stream().anyMatch(p -> p.contains("is not a DICOM file")), d.problems().toString());
            assertTrue(d.problems().get(0).contains(badReport + ".json"), d.problems().toString());
            String missing = missingMask;
            assertTrue(d.problems().stream().anyMatch(p -> p.contains(missing + ".json") && p.contains("does not exist")),
                    d.problems().toString());
            SampleRef ref = d.samples().stream().filter(r -> r.id().equals(badDicom)).findFirst().orElseThrow();
            DeepMinerException e = assertThrows(DeepMinerException.class, () -> d.load(ref));
            assertTrue(e.getMessage().contains(dcm.getFileName().toString()), e.getMessage());
            assertEquals(4, d.problems().size(), "a failed load is listed too");
            // the others still load
            assertFalse(d.load(d.samples().get(0)).truth().label().isEmpty());
        }
    }

    @Test
    void refusesWhatIsNotAPhantomSet() throws IOException {
        Path empty = tmp.resolve("empty");
        Files.createDirectories(empty);
        DeepMinerException e = assertThrows(DeepMinerException.class,
                () -> new PhantomDataset(empty, DatasetOptions.lenient(), RealDicom.get()));
        assertTrue(e.getMessage().contains("phantom.json"), e.getMessage());
        e = assertThrows(DeepMinerException.class, () -> new PhantomDataset(set,
                new DatasetOptions(true, "radlex", Map.of()), RealDicom.get()));
        assertTrue(e.getMessage().contains("radlex"), e.getMessage());
    }

    @Test
    void aMaskOfTheWrongSizeIsNamed() throws IOException {
        Path odd = copy("odd");
        String id = null;
        String mask = null;
        try (Dataset d = new PhantomDataset(odd, DatasetOptions.strictDefaults(), RealDicom.get())) {
            for (SampleRef ref : d.samples()) {
                JsonNode r = report(odd, ref.id());
                if (r.get("lesions").size() > 0) {
                    id = ref.id();
                    mask = r.get("lesions").get(0).get("mask").asText();
                    break;
                }
            }
            Png.writeMask(odd.resolve(mask), new byte[16], 4, 4);
            String sample = id;
            SampleRef ref = d.samples().stream().filter(r -> r.id().equals(sample)).findFirst().orElseThrow();
            DeepMinerException e = assertThrows(DeepMinerException.class, () -> d.load(ref));
            assertTrue(e.getMessage().contains(Path.of(mask).getFileName().toString()) && e.getMessage().contains("4x4"),
                    e.getMessage());
        }
    }
}
