package org.deepminer.data.cbis.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.deepminer.api.vocab.ConceptVocabulary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CbisDatasetTest {
    static final int W = 40;
    static final int H = 30;
    static final float BACKGROUND = 0.25f;

    static final String MASS_HEADER = "patient_id,breast_density,left or right breast,image view,abnormality id,"
            + "abnormality type,mass shape,mass margins,assessment,pathology,subtlety,image file path,"
            + "cropped image file path,ROI mask file path\n";
    /** The calcification files spell the density column with a blank, as the real ones do. */
    static final String CALC_HEADER = "patient_id,breast density,left or right breast,image view,abnormality id,"
            + "abnormality type,calc type,calc distribution,assessment,pathology,subtlety,image file path,"
            + "cropped image file path,ROI mask file path\n";

    @TempDir
    Path root;

    CbisSource source;
    FakeDicom dicom;
    Path massTrain;
    String massText;

    /** The vocabulary the reader resolves with: a test double here, the real one in a subclass. */
    ConceptVocabulary vocabulary() {
        return new FakeVocabulary();
    }

    static Path text(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[][] image(int w, int h, float background) {
        float[][] a = new float[h][w];
        for (float[] row : a) {
            java.util.Arrays.fill(row, background);
        }
        return a;
    }

    /** Sets columns x0..x1, rows y0..y1 (inclusive). */
    static float[][] block(float[][] a, int x0, int y0, int x1, int y1, float v) {
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                a[y][x] = v;
            }
        }
        return a;
    }

    static float[][] grey(int w, int h) {
        float[][] a = new float[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                a[y][x] = ((x * 7 + y * 3) % 11) / 10f;
            }
        }
        return a;
    }

    @BeforeEach
    void writeDataset() {
        dicom = new FakeDicom();
        source = new CbisSource();
        source.dicom = dicom;
        source.addVocabulary(vocabulary());

        // P_00001 LEFT CC, two masses. Paths carry the stray newlines of the real CSVs; the image file is
        // named 1-1.dcm where the CSV says 000000.dcm; lesion 2 has its mask and cropped paths swapped.
        massText = MASS_HEADER
                + "P_00001,3,LEFT,CC,1,mass,IRREGULAR,SPICULATED,5,MALIGNANT,5,"
                + "\"Mass-Training_P_00001_LEFT_CC/1.3.6.1/1.3.6.2/000000.dcm\n\","
                + "\"Mass-Training_P_00001_LEFT_CC_1/1.3.6.1/1.3.6.3/000000.dcm\n\","
                + "\"Mass-Training_P_00001_LEFT_CC_1/1.3.6.1/1.3.6.3/000001.dcm\n\"\n"
                + "P_00001,3,LEFT,CC,2,mass,OVAL-OVAL,CIRCUMSCRIBED-OBSCURED,3,BENIGN,2,"
                + "Mass-Training_P_00001_LEFT_CC/1.3.6.1/1.3.6.2/000000.dcm,"
                + "Mass-Training_P_00001_LEFT_CC_2/a/b/000000.dcm,Mass-Training_P_00001_LEFT_CC_2/a/b/000001.dcm\n"
                // Windows backslashes and ./; a distortion written as a mass shape
                + "P_00002,2,RIGHT,MLO,1,mass,ARCHITECTURAL_DISTORTION,ILL_DEFINED,4,BENIGN_WITHOUT_CALLBACK,3,"
                + "Mass-Training_P_00002_RIGHT_MLO\\1.3\\1.4\\000000.dcm,"
                + ".\\Mass-Training_P_00002_RIGHT_MLO_1\\1.3\\1.5\\000000.dcm,"
                + ".\\Mass-Training_P_00002_RIGHT_MLO_1\\1.3\\1.5\\000001.dcm\n"
                // a malformed row
                + "P_00003,2,TOP,CC,1,mass,ROUND,CIRCUMSCRIBED,2,BENIGN,1,x/000000.dcm,y/000000.dcm,z/000000.dcm\n"
                // an unknown token beside a known one; NaN density; N/A margins; its mask is empty
                + "P_00004,NaN,LEFT,MLO,1,mass,IRREGULAR-BLOBBY,N/A,4,MALIGNANT,4,"
                + "Mass-Training_P_00004_LEFT_MLO/i/j/000000.dcm,Mass-Training_P_00004_LEFT_MLO_1/i/k/000000.dcm,"
                + "Mass-Training_P_00004_LEFT_MLO_1/i/k/000001.dcm\n";
        massTrain = text(root.resolve("mass_case_description_train_set.csv"), massText);

        FakeDicom.write(root.resolve("Mass-Training_P_00001_LEFT_CC/1.3.6.1/1.3.6.2/1-1.dcm"), "MG", Laterality.LEFT,
                block(block(image(W, H, BACKGROUND), 5, 10, 9, 14, 1f), 20, 3, 24, 6, 1f));
        FakeDicom.write(root.resolve("Mass-Training_P_00001_LEFT_CC_1/1.3.6.1/1.3.6.3/000001.dcm"), "OT",
                Laterality.LEFT, block(image(W, H, 0), 5, 10, 9, 14, 1f));
        FakeDicom.write(root.resolve("Mass-Training_P_00001_LEFT_CC_2/a/b/000001.dcm"), "OT", Laterality.LEFT,
                grey(5, 4));
        FakeDicom.write(root.resolve("Mass-Training_P_00001_LEFT_CC_2/a/b/000000.dcm"), "OT", Laterality.LEFT,
                block(image(W, H, 0), 20, 3, 24, 6, 1f));

        // P_00002: a right breast (mirrored on reading) whose mask is half the image's size
        FakeDicom.write(root.resolve("Mass-Training_P_00002_RIGHT_MLO/1.3/1.4/000000.dcm"), "MG", Laterality.RIGHT,
                block(image(W, H, BACKGROUND), 4, 2, 7, 5, 1f));
        FakeDicom.write(root.resolve("Mass-Training_P_00002_RIGHT_MLO_1/1.3/1.5/000001.dcm"), "OT", Laterality.RIGHT,
                block(image(W / 2, H / 2, 0), 2, 1, 3, 2, 1f));

        FakeDicom.write(root.resolve("Mass-Training_P_00004_LEFT_MLO/i/j/000000.dcm"), "MG", Laterality.LEFT,
                image(W, H, BACKGROUND));
        FakeDicom.write(root.resolve("Mass-Training_P_00004_LEFT_MLO_1/i/k/000001.dcm"), "OT", Laterality.LEFT,
                image(W, H, 0));

        // calcification test file in csv/, with joined, repeated and NaN values
        text(root.resolve("csv/calc_case_description_test_set.csv"), CALC_HEADER
                + "P_00005,2,LEFT,MLO,1,calcification,PLEOMORPHIC-PLEOMORPHIC,CLUSTERED,4,MALIGNANT,3,"
                + "./Calc-Test_P_00005_LEFT_MLO/1/2/000000.dcm,Calc-Test_P_00005_LEFT_MLO_1/1/3/000000.dcm,"
                + "Calc-Test_P_00005_LEFT_MLO_1/1/3/000001.dcm\n"
                + "P_00005,2,LEFT,MLO,2,calcification,LUCENT_CENTER,NaN,2,BENIGN,2,"
                + "./Calc-Test_P_00005_LEFT_MLO/1/2/000000.dcm,Calc-Test_P_00005_LEFT_MLO_2/1/3/000000.dcm,"
                + "Calc-Test_P_00005_LEFT_MLO_2/1/3/000001.dcm\n"
                // TCIA's download renames the folders too; its ROI folder holds the cropped image and the mask
                + "P_00006,4,RIGHT,CC,1,calcification,LUCENT_CENTERED,,2,BENIGN_WITHOUT_CALLBACK,1,"
                + "Calc-Test_P_00006_RIGHT_CC/1.3.6.1.4.1.9590/1.3.6.1.4.1.9591/000000.dcm,"
                + "Calc-Test_P_00006_RIGHT_CC_1/1.3.6.1.4.1.9590/1.3.6.1.4.1.9592/000000.dcm,"
                + "Calc-Test_P_00006_RIGHT_CC_1/1.3.6.1.4.1.9590/1.3.6.1.4.1.9592/000001.dcm\n");
        FakeDicom.write(root.resolve("Calc-Test_P_00005_LEFT_MLO/1/2/000000.dcm"), "MG", Laterality.LEFT,
                block(block(image(W, H, BACKGROUND), 1, 1, 2, 2, 1f), 30, 20, 31, 22, 1f));
        FakeDicom.write(root.resolve("Calc-Test_P_00005_LEFT_MLO_1/1/3/000001.dcm"), "OT", Laterality.LEFT,
                block(image(W, H, 0), 1, 1, 2, 2, 1f));
        FakeDicom.write(root.resolve("Calc-Test_P_00005_LEFT_MLO_2/1/3/000001.dcm"), "OT", Laterality.LEFT,
                block(image(W, H, 0), 30, 20, 31, 22, 1f));
        FakeDicom.write(root.resolve("Calc-Test_P_00006_RIGHT_CC/07-20-2016-DDSM-1/1.000000-full mammogram images-2/1-1.dcm"),
                "MG", Laterality.RIGHT, block(image(W, H, BACKGROUND), 10, 10, 12, 11, 1f));
        Path roiFolder = root.resolve("Calc-Test_P_00006_RIGHT_CC_1/08-29-2017-DDSM-3/1.000000-ROI mask images-4");
        FakeDicom.write(roiFolder.resolve("1-1.dcm"), "OT", Laterality.RIGHT, grey(3, 2));
        FakeDicom.write(roiFolder.resolve("1-2.dcm"), "OT", Laterality.RIGHT, block(image(W, H, 0), 10, 10, 12, 11, 1f));
    }

    static Map<String, SampleRef> byId(Dataset d) {
        return d.samples().stream().collect(Collectors.toMap(SampleRef::id, Function.identity()));
    }

    /** The line of the CSV text on which the row holding {@code marker} starts, counted by hand. */
    static int lineOf(String text, String marker) {
        int at = text.indexOf(marker);
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    static boolean hasProblem(Dataset d, String start, String... words) {
        return d.problems().stream().anyMatch(p -> p.startsWith(start) && java.util.Arrays.stream(words).allMatch(p::contains));
    }

    /** The lesion's mask must cover exactly the pixels of the image that hold the value 1. */
    static void assertMaskOnBrightPixels(Sample s, Lesion l, Box within) {
        for (int y = within.y(); y < within.y() + within.height(); y++) {
            for (int x = within.x(); x < within.x() + within.width(); x++) {
                assertEquals(s.image().get(x, y) == 1f, l.mask().contains(x, y), l.id() + " at " + x + "," + y);
            }
        }
    }

    @Test
    void groupsRowsIntoOneSamplePerImageWithSplitsFromTheFileNames() {
        Dataset d = source.open(root, new DatasetOptions(false, "birads", Map.of("validation", "0")));
        assertEquals("cbis-ddsm", d.format());
        Map<String, SampleRef> refs = byId(d);
        assertEquals(Set.of("P_00001_LEFT_CC", "P_00002_RIGHT_MLO", "P_00004_LEFT_MLO", "P_00005_LEFT_MLO",
                "P_00006_RIGHT_CC"), refs.keySet());
        assertEquals(new SampleRef("P_00001_LEFT_CC", "P_00001", Split.TRAIN, "malignant"), refs.get("P_00001_LEFT_CC"));
        assertEquals(new SampleRef("P_00002_RIGHT_MLO", "P_00002", Split.TRAIN, "benign"), refs.get("P_00002_RIGHT_MLO"));
        assertEquals(new SampleRef("P_00005_LEFT_MLO", "P_00005", Split.TEST, "malignant"), refs.get("P_00005_LEFT_MLO"));
        assertEquals(new SampleRef("P_00006_RIGHT_CC", "P_00006", Split.TEST, "benign"), refs.get("P_00006_RIGHT_CC"));

        // validation = 1 carves every train case out, and never a test case
        Dataset all = source.open(root, new DatasetOptions(false, "birads", Map.of("validation", "1")));
        assertEquals(Split.VALIDATION, byId(all).get("P_00001_LEFT_CC").split());
        assertEquals(Split.TEST, byId(all).get("P_00005_LEFT_MLO").split());
    }

    @Test
    void lenientModeListsBadRowsAndUnknownTokensWithFileAndLine() {
        Dataset d = source.open(root, DatasetOptions.lenient());
        int malformed = lineOf(massText, "P_00003");
        int unknown = lineOf(massText, "P_00004");
        // header (1), the first row with its three stray newlines (2-5), two rows (6, 7), then P_00003
        assertEquals(8, malformed);
        assertTrue(hasProblem(d, massTrain + ":" + malformed + ":", "malformed", "TOP"), d.problems().toString());
        assertTrue(hasProblem(d, massTrain + ":" + unknown + ":", "'BLOBBY'"), d.problems().toString());
        assertEquals(2, d.problems().size(), d.problems().toString());
    }

    @Test
    void strictModeStopsAtTheMalformedRow() {
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> source.open(root, DatasetOptions.strictDefaults()));
        assertTrue(e.getMessage().startsWith(massTrain + ":" + lineOf(massText, "P_00003") + ":"), e.getMessage());

        text(massTrain, massText.replace("P_00003,2,TOP", "P_00003,2,LEFT"));
        e = assertThrows(DeepMinerException.class, () -> source.open(root, DatasetOptions.strictDefaults()));
        assertTrue(e.getMessage().startsWith(massTrain + ":" + lineOf(massText, "P_00004") + ":")
                && e.getMessage().contains("BLOBBY"), e.getMessage());
    }

    @Test
    void loadsTwoMassesOfOneImageWithTheirMasksAndConcepts() {
        Dataset d = source.open(root, DatasetOptions.lenient());
        Sample s = d.load(byId(d).get("P_00001_LEFT_CC"));
        assertEquals(W, s.image().width());
        assertFalse(s.metadata().flipped());
        assertEquals(Laterality.LEFT, s.metadata().laterality());
        assertEquals("CC", s.metadata().view());
        assertEquals("MG", s.metadata().modality());
        assertTrue(s.metadata().references().containsKey("SOPInstanceUID"));
        assertEquals(2, s.truth().lesions().size());

        Lesion first = s.truth().lesions().get(0);
        assertEquals("mass-1", first.id());
        assertEquals("finding-mass", first.kind());
        assertEquals("malignant", first.pathology());
        assertEquals(5, first.assessment());
        assertEquals(Set.of("finding-mass", "shape-irregular", "margin-spiculated"), first.concepts());
        assertEquals(new Box(5, 10, 5, 5), first.mask().box());
        assertMaskOnBrightPixels(s, first, new Box(0, 0, 15, H));

        Lesion second = s.truth().lesions().get(1);
        assertEquals("mass-2", second.id());
        assertEquals(Set.of("finding-mass", "shape-oval", "margin-circumscribed", "margin-obscured"), second.concepts());
        assertEquals("benign", second.pathology());
        assertEquals(new Box(20, 3, 5, 4), second.mask().box());
        assertMaskOnBrightPixels(s, second, new Box(15, 0, W - 15, H));

        assertEquals("density-c", s.truth().report().density());
        assertEquals(5, s.truth().report().assessment());
        assertEquals(Set.of("finding-mass", "shape-irregular", "margin-spiculated", "shape-oval", "margin-circumscribed",
                "margin-obscured"), s.truth().report().concepts());
        assertTrue(s.truth().report().text().contains("SHAPE IRREGULAR MARGINS SPICULATED"), s.truth().report().text());

        // the renamed image and the swapped mask were worked around, and said so
        Path expected = root.resolve("Mass-Training_P_00001_LEFT_CC/1.3.6.1/1.3.6.2/000000.dcm");
        assertTrue(hasProblem(d, expected.toString(), "1-1.dcm"), d.problems().toString());
        assertTrue(hasProblem(d, massTrain + ":" + lineOf(massText, "P_00001,3,LEFT,CC,2"), "swapped"), d.problems().toString());
    }

    @Test
    void aRightBreastIsMirroredWithItsResampledMask() {
        Dataset d = source.open(root, DatasetOptions.lenient());
        Sample s = d.load(byId(d).get("P_00002_RIGHT_MLO"));
        assertTrue(s.metadata().flipped());
        assertEquals(Laterality.RIGHT, s.metadata().laterality());
        Lesion l = s.truth().lesions().get(0);
        assertEquals("architectural-distortion", l.kind());
        assertEquals(Set.of("architectural-distortion", "margin-indistinct"), l.concepts());
        assertEquals("benign", l.pathology());
        // the 20x15 mask's pixels (2..3, 1..2) cover (4..7, 2..5) of the 40x30 image, mirrored to 32..35
        assertEquals(new Box(W - 1 - 7, 2, 4, 4), l.mask().box());
        assertEquals(16, l.mask().area());
        assertMaskOnBrightPixels(s, l, new Box(0, 0, W, H));
        assertTrue(d.problems().stream().anyMatch(p -> p.contains("20x15") && p.contains("resampled")), d.problems().toString());
    }

    @Test
    void anEmptyMaskIsAProblemAndTheLesionKeepsItsKnownConcepts() {
        Dataset d = source.open(root, DatasetOptions.lenient());
        Sample s = d.load(byId(d).get("P_00004_LEFT_MLO"));
        Lesion l = s.truth().lesions().get(0);
        assertEquals(0, l.mask().area());
        assertEquals(Set.of("finding-mass", "shape-irregular"), l.concepts());
        assertEquals("", s.truth().report().density());
        assertTrue(hasProblem(d, massTrain + ":" + lineOf(massText, "P_00004"), "empty"), d.problems().toString());
    }

    @Test
    void calcificationsWithJoinedRepeatedAndMissingValues() {
        Dataset d = source.open(root, DatasetOptions.lenient());
        Sample s = d.load(byId(d).get("P_00005_LEFT_MLO"));
        List<Lesion> lesions = s.truth().lesions();
        assertEquals("calc-1", lesions.get(0).id());
        assertEquals("finding-calcification", lesions.get(0).kind());
        assertEquals(Set.of("finding-calcification", "calc-fine-pleomorphic", "dist-grouped"), lesions.get(0).concepts());
        assertEquals(Set.of("finding-calcification", "calc-rim"), lesions.get(1).concepts());
        assertMaskOnBrightPixels(s, lesions.get(0), new Box(0, 0, 20, H));
        assertMaskOnBrightPixels(s, lesions.get(1), new Box(20, 0, 20, H));
        assertEquals("density-b", s.truth().report().density());
    }

    @Test
    void findsFilesInTheRenamedFolderTreeOfATciaDownload() {
        Dataset d = source.open(root, DatasetOptions.lenient());
        Sample s = d.load(byId(d).get("P_00006_RIGHT_CC"));
        assertTrue(s.metadata().flipped());
        Lesion l = s.truth().lesions().get(0);
        assertEquals(Set.of("finding-calcification", "calc-rim"), l.concepts());
        assertEquals(6, l.mask().area());
        assertMaskOnBrightPixels(s, l, new Box(0, 0, W, H));
        assertEquals("density-d", s.truth().report().density());
        assertTrue(hasProblem(d, root.resolve("Calc-Test_P_00006_RIGHT_CC").toString(), "1-1.dcm"), d.problems().toString());
        assertTrue(hasProblem(d, root.resolve("Calc-Test_P_00006_RIGHT_CC_1").toString(), "1-2.dcm", "binary"),
                d.problems().toString());
    }

    @Test
    void aMissingColumnIsAnErrorEvenWhenLenient() {
        text(massTrain, MASS_HEADER.replace("pathology,", "").replace("mass margins,", "")
                + "P_00001,3,LEFT,CC,1,mass,IRREGULAR,5,5,a.dcm,b.dcm,c.dcm\n");
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> source.open(root, DatasetOptions.lenient()));
        assertTrue(e.getMessage().startsWith(massTrain.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'pathology'") && e.getMessage().contains("'mass margins'"), e.getMessage());
    }

    @Test
    void columnNamesMayDifferInCaseBlanksAndUnderscores() {
        text(massTrain, "Patient_ID, Breast Density ,Left_or_Right_Breast,IMAGE VIEW,abnormality_id,abnormality type,"
                + "mass_shape,mass margins,assessment,pathology,subtlety,image_file_path,cropped image file path,"
                + "roi_mask_file_path\n"
                + "P_00002,2,RIGHT,MLO,1,mass,ARCHITECTURAL_DISTORTION,ILL_DEFINED,4,BENIGN,3,"
                + "Mass-Training_P_00002_RIGHT_MLO/1.3/1.4/000000.dcm,c.dcm,"
                + "Mass-Training_P_00002_RIGHT_MLO_1/1.3/1.5/000001.dcm\n");
        Dataset d = source.open(root, DatasetOptions.strictDefaults());
        assertEquals(16, d.load(byId(d).get("P_00002_RIGHT_MLO")).truth().lesions().get(0).mask().area());
    }

    @Test
    void aCaseInBothTrainAndTestIsAnError() {
        text(root.resolve("mass_case_description_test_set.csv"), MASS_HEADER
                + "P_00001,3,RIGHT,MLO,1,mass,ROUND,CIRCUMSCRIBED,2,BENIGN,1,"
                + "Mass-Test_P_00001_RIGHT_MLO/1/2/000000.dcm,x.dcm,Mass-Test_P_00001_RIGHT_MLO_1/1/2/000001.dcm\n");
        text(massTrain, massText.replace("P_00003,2,TOP", "P_00003,2,LEFT").replace("IRREGULAR-BLOBBY", "IRREGULAR"));
        Dataset d = source.open(root, DatasetOptions.lenient());
        // placed in test with all its images, so that none of them is trained on
        assertEquals(Split.TEST, byId(d).get("P_00001_LEFT_CC").split());
        assertEquals(Split.TEST, byId(d).get("P_00001_RIGHT_MLO").split());
        assertTrue(d.problems().stream().anyMatch(p -> p.contains("P_00001") && p.contains("one split")), d.problems().toString());

        DeepMinerException e = assertThrows(DeepMinerException.class, () -> source.open(root, DatasetOptions.strictDefaults()));
        assertTrue(e.getMessage().contains("P_00001") && e.getMessage().contains(massTrain.toString()), e.getMessage());
    }

    @Test
    void aSplitsFileDecides() {
        text(root.resolve("splits.csv"), "case_id,split\nP_00001,test\nP_00002,validation\nP_00004,train\n"
                + "P_00005,train\nP_00006,train\n");
        Dataset d = source.open(root, DatasetOptions.lenient());
        Map<String, SampleRef> refs = byId(d);
        assertEquals(Split.TEST, refs.get("P_00001_LEFT_CC").split());
        assertEquals(Split.VALIDATION, refs.get("P_00002_RIGHT_MLO").split());
        assertEquals(Split.TRAIN, refs.get("P_00005_LEFT_MLO").split());
    }

    @Test
    void aBrokenQuoteLosesTheRestOfTheFileWithAProblem() {
        String broken = MASS_HEADER
                + "P_00002,2,RIGHT,MLO,1,mass,ARCHITECTURAL_DISTORTION,ILL_DEFINED,4,BENIGN,3,"
                + "Mass-Training_P_00002_RIGHT_MLO/1.3/1.4/000000.dcm,c.dcm,Mass-Training_P_00002_RIGHT_MLO_1/1.3/1.5/000001.dcm\n"
                + "P_00004,2,LEFT,MLO,1,mass,ROUND,CIRCUMSCRIBED,4,BENIGN,4,\"Mass-Training_P_00004_LEFT_MLO/i/j/000000.dcm,a,b\n";
        text(massTrain, broken);
        Dataset d = source.open(root, DatasetOptions.lenient());
        assertTrue(byId(d).containsKey("P_00002_RIGHT_MLO"));
        assertFalse(byId(d).containsKey("P_00004_LEFT_MLO"));
        assertTrue(hasProblem(d, massTrain + ":3:", "cannot parse"), d.problems().toString());
        assertThrows(DeepMinerException.class, () -> source.open(root, DatasetOptions.strictDefaults()));
    }

    @Test
    void refusesAFolderWithoutDescriptionsAndAMissingImage() throws IOException {
        Path empty = root.resolve("empty");
        Files.createDirectories(empty);
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> source.open(empty, DatasetOptions.lenient()));
        assertTrue(e.getMessage().startsWith(empty.toString()) && e.getMessage().contains("mass_case_description"));

        CbisSource bare = new CbisSource();
        bare.dicom = dicom;
        e = assertThrows(DeepMinerException.class, () -> bare.open(root, DatasetOptions.lenient()));
        assertTrue(e.getMessage().contains("no concept vocabulary 'birads'"), e.getMessage());

        Files.delete(root.resolve("Mass-Training_P_00004_LEFT_MLO/i/j/000000.dcm"));
        Dataset d = source.open(root, DatasetOptions.lenient());
        e = assertThrows(DeepMinerException.class, () -> d.load(byId(d).get("P_00004_LEFT_MLO")));
        assertTrue(e.getMessage().startsWith(root.resolve("Mass-Training_P_00004_LEFT_MLO/i/j/000000.dcm").toString()),
                e.getMessage());
    }

    @Test
    void concurrentLoadsGiveTheSameSamplesAsOneByOne() throws Exception {
        Dataset d = source.open(root, DatasetOptions.lenient());
        Map<String, Sample> sequential = new HashMap<>();
        for (SampleRef r : d.samples()) {
            sequential.put(r.id(), d.load(r));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Sample>> futures = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (SampleRef r : d.samples()) {
                    futures.add(pool.submit(() -> d.load(r)));
                }
            }
            for (Future<Sample> f : futures) {
                Sample s = f.get();
                Sample one = sequential.get(s.id());
                assertArrayEquals(one.image().pixels(), s.image().pixels(), s.id());
                assertEquals(one.truth().lesions(), s.truth().lesions(), s.id());
            }
        } finally {
            pool.shutdownNow();
        }
        // the problems found while loading are listed once, however often the images were loaded
        assertEquals(d.problems().size(), Set.copyOf(d.problems()).size());
    }
}
