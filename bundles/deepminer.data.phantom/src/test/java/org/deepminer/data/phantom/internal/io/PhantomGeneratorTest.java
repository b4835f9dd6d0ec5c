package org.deepminer.data.phantom.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.deepminer.api.DeepMinerException;
import org.deepminer.data.phantom.internal.model.CasePrior;
import org.deepminer.data.phantom.internal.synth.Mask;
import org.deepminer.dicom.DicomImage;
import org.deepminer.dicom.DicomReadOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhantomGeneratorTest {
    @TempDir
    static Path tmp;
    static Path first;
    static Path second;
    static Path other;
    static PhantomParameters parameters = params(8, 51);
    static final ObjectMapper JSON = new ObjectMapper();

    static PhantomParameters params(int cases, long seed) {
        return new PhantomParameters(cases, seed, 256, List.of("CC", "MLO"), 3.0, CasePrior.Mix.defaults(), 2);
    }

    @BeforeAll
    static void generate() throws IOException {
        PhantomGenerator generator = new PhantomGenerator(RealDicom.get());
        first = tmp.resolve("first");
        second = tmp.resolve("second");
        other = tmp.resolve("other");
        generator.generate(first, parameters);
        generator.generate(second, new PhantomParameters(8, 51, 256, List.of("CC", "MLO"), 3.0, CasePrior.Mix.defaults(), 1));
        generator.generate(other, params(8, 52));
    }

    private static List<Path> files(Path root, String sub) throws IOException {
        try (Stream<Path> s = Files.walk(root.resolve(sub))) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void sameSeedGivesByteIdenticalReportsMasksAndPixelsWhateverTheThreads() throws IOException {
        for (String sub : List.of("reports", "masks", "ddsm", "cbis")) {
            List<Path> a = files(first, sub);
            List<Path> b = files(second, sub);
            assertEquals(a.size(), b.size(), sub);
            assertFalse(a.isEmpty(), sub);
            for (int i = 0; i < a.size(); i++) {
                assertEquals(first.relativize(a.get(i)), second.relativize(b.get(i)));
                if (!a.get(i).toString().endsWith(".dcm")) {
                    assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), a.get(i).toString());
                }
            }
        }
        assertArrayEquals(Files.readAllBytes(first.resolve("splits.csv")), Files.readAllBytes(second.resolve("splits.csv")));
        assertArrayEquals(Files.readAllBytes(first.resolve("phantom.json")), Files.readAllBytes(second.resolve("phantom.json")));
        // the DICOM pixels too, read back through the DICOM service
        for (Path dcm : files(first, "dicom")) {
            DicomImage a = RealDicom.get().read(dcm, DicomReadOptions.anyImage());
            DicomImage b = RealDicom.get().read(second.resolve(first.relativize(dcm)), DicomReadOptions.anyImage());
            assertArrayEquals(a.image().pixels(), b.image().pixels(), dcm.toString());
        }
    }

    @Test
    void anotherSeedGivesAnotherDataSet() throws IOException {
        Path a = files(first, "ddsm").stream().filter(p -> p.toString().endsWith(".png")).findFirst().orElseThrow();
        Path b = files(other, "ddsm").stream().filter(p -> p.toString().endsWith(".png")).findFirst().orElseThrow();
        assertNotEquals(Files.readString(first.resolve("splits.csv")) + Files.readAllBytes(a).length,
                Files.readString(other.resolve("splits.csv")) + Files.readAllBytes(b).length);
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)));
    }

    @Test
    void splitsListEveryCaseOnceAndReportsAgree() throws IOException {
        List<String> lines = Files.readAllLines(first.resolve("splits.csv"));
        assertEquals("case_id,split", lines.get(0));
        Map<String, String> split = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertTrue(Set.of("train", "validation", "test").contains(f[1]), line);
            assertEquals(null, split.put(f[0], f[1]), "case " + f[0] + " listed twice");
        }
        assertEquals(parameters.cases(), split.size());
        for (Path report : files(first, "reports")) {
            JsonNode r = JSON.readTree(report.toFile());
            assertEquals(split.get(r.get("case_id").asText()), r.get("split").asText(), report.toString());
        }
        assertEquals(2 * parameters.cases(), files(first, "reports").size(), "one report per view");
    }

    @Test
    void cbisFilesHaveTheExactHeadersAndOneRowPerFinding() throws IOException {
        Path cbis = first.resolve("cbis");
        String mass = String.join(",", PhantomLayout.CBIS_MASS_COLUMNS);
        String calc = String.join(",", PhantomLayout.CBIS_CALC_COLUMNS);
        assertEquals("patient_id,breast_density,left or right breast,image view,abnormality id,abnormality type,"
                + "mass shape,mass margins,assessment,pathology,subtlety,image file path,cropped image file path,"
                + "ROI mask file path", mass);
        assertEquals("patient_id,breast density,left or right breast,image view,abnormality id,abnormality type,"
                + "calc type,calc distribution,assessment,pathology,subtlety,image file path,cropped image file path,"
                + "ROI mask file path", calc);
        int rows = 0;
        for (String set : List.of("train", "test")) {
            List<String> m = Files.readAllLines(cbis.resolve("mass_case_description_" + set + "_set.csv"));
            List<String> c = Files.readAllLines(cbis.resolve("calc_case_description_" + set + "_set.csv"));
            assertEquals(mass, m.get(0));
            assertEquals(calc, c.get(0));
            rows += m.size() - 1 + c.size() - 1;
            for (String row : m.subList(1, m.size())) {
                String[] f = row.split(",");
                assertEquals(14, f.length, row);
                assertTrue(Files.isRegularFile(first.resolve(f[11])), "image file path " + f[11]);
                assertTrue(Files.isRegularFile(first.resolve(f[13])), "ROI mask file path " + f[13]);
                assertTrue(Set.of("MALIGNANT", "BENIGN").contains(f[9]));
            }
        }
        int findings = 0;
        for (Path report : files(first, "reports")) {
            for (JsonNode l : JSON.readTree(report.toFile()).get("lesions")) {
                findings += l.get("incidental").asBoolean() ? 0 : 1;
            }
        }
        assertEquals(findings, rows, "one CBIS row per (non-incidental) lesion per image");
    }

    /** Each OVERLAY outline decodes to the report's lesion mask, in the stored (RIGHT mirrored) orientation. */
    @Test
    void overlayChainCodesDecodeToTheLesionMasks() throws IOException {
        int checked = 0;
        for (Path report : files(first, "reports")) {
            JsonNode r = JSON.readTree(report.toFile());
            String id = r.get("id").asText();
            String caseId = r.get("case_id").asText();
            String view = r.get("laterality").asText() + "_" + r.get("view").asText();
            Path overlay = first.resolve("ddsm").resolve(caseId).resolve(caseId + "." + view + ".OVERLAY");
            List<JsonNode> findings = new ArrayList<>();
            r.get("lesions").forEach(l -> {
                if (!l.get("incidental").asBoolean()) {
                    findings.add(l);
                }
            });
            assertEquals(!findings.isEmpty(), Files.exists(overlay), id);
            String ics = Files.readString(first.resolve("ddsm").resolve(caseId).resolve(caseId + ".ics"));
            assertTrue(ics.contains(view + " LINES 256 PIXELS_PER_LINE 256 BITS_PER_PIXEL 12 RESOLUTION 400 "
                    + (findings.isEmpty() ? "NON_OVERLAY" : "OVERLAY")), ics);
            if (findings.isEmpty()) {
                continue;
            }
            List<String> lines = Files.readAllLines(overlay, StandardCharsets.US_ASCII);
            assertEquals("TOTAL_ABNORMALITIES " + findings.size(), lines.get(0));
            List<String> chains = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).equals("BOUNDARY")) {
                    chains.add(lines.get(i + 1));
                }
            }
            assertEquals(findings.size(), chains.size());
            boolean right = r.get("laterality").asText().equals("RIGHT");
            for (int k = 0; k < findings.size(); k++) {
                Png.Grey png = Png.readGrey(first.resolve(findings.get(k).get("mask").asText()), 1 << 20);
                byte[] full = new byte[256 * 256];
                for (int i = 0; i < full.length; i++) {
                    full[i] = (byte) (png.samples()[i] != 0 ? 1 : 0);
                }
                Mask mask = Mask.of(full, 256, 256);
                Mask expected = (right ? mask.mirrored(256) : mask).largestComponent().fillHoles();
                byte[] decoded = ChainCode.parse(chains.get(k)).fill(256, 256);
                for (int y = 0; y < 256; y++) {
                    for (int x = 0; x < 256; x++) {
                        assertEquals(expected.get(x, y), decoded[y * 256 + x] != 0, id + " lesion " + k + " at " + x + "," + y);
                    }
                }
                checked++;
            }
        }
        assertTrue(checked > 0);
    }

    @Test
    void roiMasksMatchTheStoredImageOrientation() throws IOException {
        Path csv = first.resolve("cbis/mass_case_description_train_set.csv");
        List<String> rows = new ArrayList<>(Files.readAllLines(csv));
        rows.addAll(Files.readAllLines(first.resolve("cbis/calc_case_description_train_set.csv")));
        int checked = 0;
        for (String row : rows) {
            if (row.startsWith("patient_id")) {
                continue;
            }
            String[] f = row.split(",");
            DicomImage roi = RealDicom.get().read(first.resolve(f[13]), DicomReadOptions.anyImage());
            DicomImage image = RealDicom.get().read(first.resolve(f[11]), DicomReadOptions.anyImage());
            assertEquals(image.image().width(), roi.image().width());
            // the ROI lies on the breast of the stored image: its mean grey is far above the air's
            double in = 0;
            int n = 0;
            for (int i = 0; i < roi.image().pixels().length; i++) {
                if (roi.image().pixels()[i] > 0.5f) {
                    in += image.image().pixels()[i];
                    n++;
                }
            }
            assertTrue(n > 0 && in / n > 0.15, "ROI " + f[13] + " lies on the breast (mean " + in / Math.max(n, 1) + ")");
            checked++;
        }
        assertTrue(checked > 0);
    }

    @Test
    void rerunWithTheSameParametersIsSkippedOtherParametersAreRefused() throws IOException {
        PhantomGenerator generator = new PhantomGenerator(RealDicom.get());
        long before = Files.getLastModifiedTime(first.resolve("phantom.json")).toMillis();
        PhantomGenerator.Result again = generator.generate(first, parameters);
        assertTrue(again.skipped());
        assertEquals(2 * parameters.cases(), again.images());
        assertEquals(before, Files.getLastModifiedTime(first.resolve("phantom.json")).toMillis());
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> generator.generate(first, params(9, 51)));
        assertTrue(e.getMessage().contains("other parameters"), e.getMessage());

        Path foreign = tmp.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        e = assertThrows(DeepMinerException.class, () -> generator.generate(foreign, params(2, 1)));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertEquals("mine", Files.readString(foreign.resolve("notes.txt")));
    }

    @Test
    void anInterruptedGenerationIsRedone() throws IOException {
        Path dir = tmp.resolve("interrupted");
        Files.createDirectories(dir.resolve("reports"));
        Files.writeString(dir.resolve(PhantomLayout.INCOMPLETE), "{}");
        Files.writeString(dir.resolve("reports/stale.json"), "{}");
        PhantomGenerator.Result r = new PhantomGenerator(RealDicom.get()).generate(dir, params(2, 3));
        assertFalse(r.skipped());
        assertFalse(Files.exists(dir.resolve(PhantomLayout.INCOMPLETE)));
        assertFalse(Files.exists(dir.resolve("reports/stale.json")));
        assertEquals(4, files(dir, "reports").size());
    }

    @Test
    void manifestAndModelDescribeTheSet() throws IOException {
        JsonNode m = JSON.readTree(first.resolve("phantom.json").toFile());
        assertEquals(51, m.get("seed").asLong());
        assertEquals(0.4, m.get("pixel_spacing_mm").asDouble(), 1e-12);
        assertTrue(m.get("contrast_note").asText().contains("stronger than physics"));
        int images = 0;
        for (JsonNode n : m.get("counts").get("images_by_class")) {
            images += n.asInt();
        }
        assertEquals(2 * parameters.cases(), images);
        JsonNode model = JSON.readTree(first.resolve("pathology-model.json").toFile());
        assertEquals(0.90, model.get("concept_probabilities").get("margin-spiculated").asDouble());
        assertEquals("max", model.get("combination").asText());
        assertTrue(model.get("ceiling").get("all").has("malignant_vs_rest_auc"));
        // the report's posterior is what the model computes from the lesions' concepts
        for (Path report : files(first, "reports")) {
            JsonNode r = JSON.readTree(report.toFile());
            double benign = 1;
            Set<String> concepts = new HashSet<>();
            r.get("concepts").forEach(c -> concepts.add(c.asText()));
            for (JsonNode l : r.get("lesions")) {
                // concept masks are listed in the lesion's concept order (reproducible files, not hash order)
                List<String> order = new ArrayList<>();
                l.get("concepts").forEach(c -> order.add(c.asText()));
                List<String> keys = new ArrayList<>();
                l.get("concept_masks").fieldNames().forEachRemaining(keys::add);
                List<String> expectedKeys = new ArrayList<>(order.subList(1, order.size()));
                expectedKeys.retainAll(keys);
                assertEquals(expectedKeys, keys, report.toString());
                if (l.get("incidental").asBoolean()) {
                    continue;
                }
                double p = 0;
                for (JsonNode c : l.get("concepts")) {
                    JsonNode v = model.get("concept_probabilities").get(c.asText());
                    p = Math.max(p, v == null ? 0 : v.asDouble());
                    assertTrue(concepts.contains(c.asText()), "report concepts hold the lesion's " + c);
                }
                benign *= 1 - p;
            }
            assertEquals(1 - benign, r.get("posterior_malignant").asDouble(), 1e-9, report.toString());
            assertTrue(concepts.contains(r.get("density").asText()));
        }
    }
}
