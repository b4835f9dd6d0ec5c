package org.deepminer.data.inbreast.internal;

import static org.deepminer.data.inbreast.internal.InbreastFiles.H;
import static org.deepminer.data.inbreast.internal.InbreastFiles.HEADER;
import static org.deepminer.data.inbreast.internal.InbreastFiles.W;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Box;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.data.Split;
import org.deepminer.data.inbreast.internal.InbreastFiles.Roi;
import org.deepminer.dicom.internal.PixelMedDicomService;
import org.deepminer.vocab.birads.internal.BiradsVocabulary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small INbreast set in the download's layout and quirks: semicolons, blank-padded fields and a trailing ';',
 * "removed" patient ids, Bi-Rads 4c and 4C, OsiriX ROI files with the DOCTYPE pointing at apple.com, the
 * misspellings "Assymetry" and "Espiculated Region", single-point calcifications and placeholder names; read
 * back through the real DICOM service and the real BI-RADS vocabulary.
 */
class InbreastDatasetTest {
    static final String PATIENT_A = "6c613a14b80a8591";
    static final String PATIENT_B = "0a0ebb5f1a3e1c4b";

    @TempDir
    Path root;

    PixelMedDicomService dicom;
    InbreastSource source;
    Path csv;

    @BeforeEach
    void writeDataset() {
        dicom = new PixelMedDicomService();
        dicom.start();
        source = new InbreastSource();
        source.dicom = dicom;
        source.addVocabulary(new BiradsVocabulary());

        InbreastFiles.dicom(dicom, root, "22678622", PATIENT_A, Laterality.RIGHT, "CC", 10, 8, 20, 16);
        InbreastFiles.dicom(dicom, root, "22678646", PATIENT_A, Laterality.RIGHT, "MLO", -1, -1, -1, -1);
        InbreastFiles.dicom(dicom, root, "20586908", PATIENT_B, Laterality.LEFT, "CC", -1, -1, -1, -1);
        InbreastFiles.dicom(dicom, root, "50997461", PATIENT_B, Laterality.LEFT, "MLO", 0, 0, 4, 5);
        csv = InbreastFiles.text(root.resolve("INbreast.csv"), HEADER
                + "removed;removed;R;CC;201001;22678622;4;4c;\n"
                + "removed;removed; R ; MLO ;201001; 22678646 ; 4 ; 4C \n"
                + "removed;removed;L;CC;200910;20586908;1;1\n"
                + "removed;removed;L;MLO;200910;50997461;2;2\n");
        InbreastFiles.xml(root, "22678622",
                new Roi("Mass", 10, 8, 20, 8, 20, 16, 10, 16),
                new Roi("Calcification", 30.4, 20.6),
                new Roi("Espiculated Region", 2, 30, 8, 30, 5, 36),
                new Roi("Assymetry", 40, 2, 46, 2, 46, 6, 40, 6));
        InbreastFiles.xml(root, "22678646",
                new Roi("Cluster", 5, 5, 15, 5, 15, 12, 5, 12),
                new Roi("Point 1", 24, 24),
                new Roi("Unnamed", 30, 30, 34, 30, 32, 34));
        InbreastFiles.xml(root, "50997461", new Roi("Distortion", -6, -4, 4, -4, 4, 5, -6, 5));
    }

    @AfterEach
    void stop() {
        dicom.stop();
    }

    static Map<String, SampleRef> byId(Dataset d) {
        return d.samples().stream().collect(Collectors.toMap(SampleRef::id, Function.identity()));
    }

    private static Sample load(Dataset d, String id) {
        return d.load(byId(d).get(id));
    }

    private static Lesion named(Sample s, String id) {
        return s.truth().lesions().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void oneSamplePerRowWithTheClassFromBiradsAndThePatientFromTheFileName() {
        Dataset d = source.open(root, DatasetOptions.lenient());
        assertEquals("inbreast", d.format());
        Map<String, SampleRef> refs = byId(d);
        assertEquals(Set.of("22678622", "22678646", "20586908", "50997461"), refs.keySet());
        assertEquals("malignant", refs.get("22678622").label());
        assertEquals("malignant", refs.get("22678646").label(), "4C, blank-padded, is 4c");
        assertEquals("normal", refs.get("20586908").label());
        assertEquals("benign", refs.get("50997461").label());
        // "removed" patient ids: the hash in the DICOM file name keeps a woman's images in one case and split
        assertEquals(PATIENT_A, refs.get("22678622").caseId());
        assertEquals(PATIENT_A, refs.get("22678646").caseId());
        assertEquals(PATIENT_B, refs.get("50997461").caseId());
        assertEquals(refs.get("22678622").split(), refs.get("22678646").split());
    }

    @Test
    void polygonsPointsAndNamesBecomeLesionsOnTheCanonicalImage() {
        Dataset d = source.open(root, DatasetOptions.lenient());
        Sample s = load(d, "22678622");
        assertTrue(s.metadata().flipped());
        assertEquals(Laterality.RIGHT, s.metadata().laterality());
        assertFalse(s.metadata().toString().contains("SYNTHETIC") || s.metadata().toString().contains(PATIENT_A),
                s.metadata().toString());

        Lesion mass = named(s, "roi-1");
        assertEquals("finding-mass", mass.kind());
        assertEquals(Set.of("finding-mass"), mass.concepts());
        assertEquals("malignant", mass.pathology());
        // stored columns 10..20, rows 8..16 (corners included), mirrored: columns 27..37
        assertEquals(new Box(27, 8, 11, 9), mass.mask().box());
        assertEquals(99, mass.mask().area());
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertEquals(s.image().get(x, y) > 0.9f, mass.mask().contains(x, y), "pixel " + x + "," + y);
            }
        }
        assertEquals(List.of(37, 8, 27, 8, 27, 16, 37, 16), mass.outline());

        Lesion calcification = named(s, "roi-2");
        assertEquals("finding-calcification", calcification.kind());
        assertTrue(calcification.mask().contains(W - 1 - 30, 21), "the point's pixel, mirrored");
        assertTrue(calcification.mask().area() >= 9 && calcification.mask().box().width() <= 5,
                calcification.mask().toString());
        assertEquals(List.of(), calcification.outline());

        Lesion spiculated = named(s, "roi-3");
        assertEquals("finding-mass", spiculated.kind());
        assertEquals(Set.of("margin-spiculated", "finding-mass"), spiculated.concepts());
        assertEquals("asymmetry", named(s, "roi-4").kind());

        assertEquals(4, s.truth().report().assessment());
        assertEquals("density-d", s.truth().report().density());
        assertTrue(s.truth().report().concepts().containsAll(Set.of("assessment-4c", "finding-mass",
                "finding-calcification", "margin-spiculated", "asymmetry")), s.truth().report().concepts().toString());
        assertTrue(s.truth().report().text().startsWith("BI-RADS 4C\nACR 4\nROI 1: Mass (4 points)"),
                s.truth().report().text());
    }

    @Test
    void clustersPointsAndPlaceholderNames() {
        Dataset d = source.open(root, DatasetOptions.lenient());
        Sample s = load(d, "22678646");
        assertEquals("finding-calcification", named(s, "roi-1").kind(), "Cluster");
        assertEquals("finding-calcification", named(s, "roi-2").kind(), "a single point named Point 1");
        assertEquals("", named(s, "roi-3").kind(), "an outline named Unnamed");
        Path xml = root.resolve("AllXML/22678646.xml");
        assertTrue(d.problems().stream().anyMatch(p -> p.startsWith(xml + ":") && p.contains("'Unnamed' names no finding")),
                d.problems().toString());
        DeepMinerException e = assertThrows(DeepMinerException.class,
                () -> source.open(root, DatasetOptions.strictDefaults()));
        assertTrue(e.getMessage().startsWith(xml + ":"), e.getMessage());
    }

    @Test
    void outlinesPastTheBorderAreClippedAndNormalImagesHaveNoLesions() {
        Dataset d = source.open(root, DatasetOptions.lenient());
        Lesion distortion = load(d, "50997461").truth().lesions().get(0);
        assertEquals("architectural-distortion", distortion.kind());
        assertEquals("benign", distortion.pathology());
        assertEquals(new Box(0, 0, 5, 6), distortion.mask().box());
        assertEquals(30, distortion.mask().area());
        assertEquals(List.of(), load(d, "20586908").truth().lesions());
    }

    @Test
    void splitsFileAndPathologyOption() {
        InbreastFiles.text(root.resolve("splits.csv"), "case_id,split\n" + PATIENT_A + ",test\n" + PATIENT_B + ",train\n");
        Dataset d = source.open(root, new DatasetOptions(false, "birads", Map.of("pathology", "unproven")));
        assertEquals(Split.TEST, byId(d).get("22678646").split());
        assertEquals(Split.TRAIN, byId(d).get("20586908").split());
        assertEquals("unproven", load(d, "22678622").truth().lesions().get(0).pathology());
    }

    @Test
    void badRowsAndMissingFilesAreProblemsNamingFileAndLine() throws Exception {
        Files.writeString(csv, Files.readString(csv) + "removed;removed;L;CC;200910;99999999;2;2\n"
                + "removed;removed;L;CC;200910;20586908;2;7\n"
                + "removed;removed;Q;CC;200910;12345678;2;2\n");
        Dataset d = source.open(root, DatasetOptions.lenient());
        assertEquals(4, d.samples().size());
        List<String> problems = d.problems();
        assertTrue(problems.contains(csv + ":6: no DICOM file for File Name 99999999 (want AllDICOMs/99999999_*.dcm)"),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(csv + ":7: File Name 20586908 is also at")),
                problems.toString());
        assertTrue(problems.contains(csv + ":8: malformed row: Laterality is 'Q', not L or R"), problems.toString());
        assertThrows(DeepMinerException.class, () -> source.open(root, DatasetOptions.strictDefaults()));
    }

    @Test
    void anXlsOnlyFolderSaysToConvertIt() throws Exception {
        Files.delete(csv);
        Files.write(root.resolve("INbreast.xls"), new byte[] {(byte) 0xD0, (byte) 0xCF});
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> source.open(root, DatasetOptions.lenient()));
        assertTrue(e.getMessage().startsWith(root + ": not an INbreast folder") && e.getMessage().contains("save it as CSV"),
                e.getMessage());
    }

    @Test
    void aCommaSeparatedFileIsNamedAsSuch() throws Exception {
        Files.writeString(csv, Files.readString(csv).replace(';', ','));
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> source.open(root, DatasetOptions.lenient()));
        assertTrue(e.getMessage().startsWith(csv + ":1: missing columns") && e.getMessage().contains("';'"),
                e.getMessage());
    }
}
