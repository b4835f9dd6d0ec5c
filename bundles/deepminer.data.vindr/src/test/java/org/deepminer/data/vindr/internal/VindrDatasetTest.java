package org.deepminer.data.vindr.internal;

import static org.deepminer.data.vindr.internal.VindrFiles.BREAST_HEADER;
import static org.deepminer.data.vindr.internal.VindrFiles.FINDING_HEADER;
import static org.deepminer.data.vindr.internal.VindrFiles.H;
import static org.deepminer.data.vindr.internal.VindrFiles.W;
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
import org.deepminer.dicom.internal.PixelMedDicomService;
import org.deepminer.vocab.birads.internal.BiradsVocabulary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small VinDr-Mammo set in the real layout, with the real files' quirks: blank-padded values, a box with
 * negative coordinates, a category list written without the quotes around it, "No Finding" rows; read back
 * through the real DICOM service and the real BI-RADS vocabulary.
 */
class VindrDatasetTest {
    @TempDir
    Path root;

    PixelMedDicomService dicom;
    VindrSource source;
    Path breast;
    Path findings;

    /** validation=0: the CSV's split column alone decides. */
    static final DatasetOptions LENIENT = new DatasetOptions(false, "birads", Map.of("validation", "0"));
    static final DatasetOptions STRICT = new DatasetOptions(true, "birads", Map.of("validation", "0"));

    @BeforeEach
    void writeDataset() {
        dicom = new PixelMedDicomService();
        dicom.start();
        source = new VindrSource();
        source.dicom = dicom;
        source.addVocabulary(new BiradsVocabulary());

        // study s1 (training): four views; study s2 (test): two
        VindrFiles.dicom(dicom, root, "s1", "i1", Laterality.LEFT, "CC", 0, 0, 5, 6);
        VindrFiles.dicom(dicom, root, "s1", "i2", Laterality.LEFT, "MLO", -1, -1, -1, -1);
        VindrFiles.dicom(dicom, root, "s1", "i3", Laterality.RIGHT, "CC", 10, 8, 20, 16);
        VindrFiles.dicom(dicom, root, "s1", "i4", Laterality.RIGHT, "MLO", 30, 30, 39, 37);
        VindrFiles.dicom(dicom, root, "s2", "i5", Laterality.LEFT, "CC", 0, 0, W - 1, H - 1);
        VindrFiles.dicom(dicom, root, "s2", "i6", Laterality.RIGHT, "CC", -1, -1, -1, -1);
        breast = VindrFiles.text(root.resolve("breast-level_annotations.csv"), BREAST_HEADER
                + "s1,x1,i1,L,CC,40,48,BI-RADS 3,DENSITY C,training\n"
                + "s1,x1,i2,L,MLO,40,48,BI-RADS 1,DENSITY C,training\n"
                // blank-padded values, as exports from spreadsheets write them
                + "s1,x1,i3, R , CC ,40,48, BI-RADS 4 ,  DENSITY C ,training\n"
                + "s1,x1,i4,R,MLO,40,48,BI-RADS 5,DENSITY C,training\n"
                + "s2,x2,i5,L,CC,40,48,BI-RADS 2,DENSITY A,test\n"
                + "s2,x2,i6,R,CC,40,48,BI-RADS 1,DENSITY A,test\n");
        findings = VindrFiles.text(root.resolve("finding_annotations.csv"), FINDING_HEADER
                // a box reaching past the top-left corner
                + "s1,x1,i1,L,CC,40,48,BI-RADS 3,DENSITY C,['Asymmetry'],BI-RADS 3,-5.0,-3.5,6.0,7.0,training\n"
                + "s1,x1,i2,L,MLO,40,48,BI-RADS 1,DENSITY C,['No Finding'],,,,,,training\n"
                + "s1,x1,i3,R,CC,40,48,BI-RADS 4,DENSITY C,\"['Mass', 'Suspicious Calcification']\",BI-RADS 4,"
                + "10.5,8.2,20.7,16.1,training\n"
                // the list written as text without the quotes around it: its comma splits it over two cells
                + "s1,x1,i4,R,MLO,40,48,BI-RADS 5,DENSITY C,[Skin Thickening, Nipple Retraction],BI-RADS 5,"
                + "30,30,40,38,training\n"
                + "s2,x2,i5,L,CC,40,48,BI-RADS 2,DENSITY A,['Global Asymmetry'],BI-RADS 2,0,0,48,40,test\n"
                + "s2,x2,i6,R,CC,40,48,BI-RADS 1,DENSITY A,['No Finding'],,,,,,test\n");
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

    @Test
    void oneSamplePerImageWithStudySplitAndClassFromBirads() {
        Dataset d = source.open(root, LENIENT);
        assertEquals("vindr-mammo", d.format());
        Map<String, SampleRef> refs = byId(d);
        assertEquals(new SampleRef("i1", "s1", Split.TRAIN, "benign"), refs.get("i1"));
        assertEquals(new SampleRef("i2", "s1", Split.TRAIN, "normal"), refs.get("i2"));
        assertEquals(new SampleRef("i3", "s1", Split.TRAIN, "malignant"), refs.get("i3"));
        assertEquals(new SampleRef("i4", "s1", Split.TRAIN, "malignant"), refs.get("i4"));
        assertEquals(new SampleRef("i5", "s2", Split.TEST, "benign"), refs.get("i5"));
        assertEquals(new SampleRef("i6", "s2", Split.TEST, "normal"), refs.get("i6"));
        assertEquals(List.of("i1", "i2", "i3", "i4", "i5", "i6"), d.samples().stream().map(SampleRef::id).toList());
    }

    @Test
    void boxesBecomeMasksOnTheCanonicalImage() {
        Dataset d = source.open(root, STRICT);
        Sample s = load(d, "i3");
        assertEquals("MG", s.metadata().modality());
        assertEquals(Laterality.RIGHT, s.metadata().laterality());
        assertEquals("CC", s.metadata().view());
        assertTrue(s.metadata().flipped(), "a right breast is mirrored to the canonical side");
        assertFalse(s.metadata().toString().contains("SYNTHETIC"), s.metadata().toString());
        Lesion mass = s.truth().lesions().get(0);
        assertEquals("finding-1", mass.id());
        assertEquals("finding-mass", mass.kind());
        assertEquals(Set.of("finding-mass", "finding-calcification"), mass.concepts());
        assertEquals("malignant", mass.pathology());
        assertEquals(4, mass.assessment());
        // stored columns 10..20 (floor 10.5 to ceil 20.7), rows 8..16, mirrored: columns 27..37
        assertEquals(new Box(W - 21, 8, 11, 9), mass.mask().box());
        assertEquals(99, mass.mask().area());
        assertEquals(List.of(27, 8, 37, 8, 37, 16, 27, 16), mass.outline());
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertEquals(s.image().get(x, y) > 0.9f, mass.mask().contains(x, y), "pixel " + x + "," + y);
            }
        }
        assertEquals(4, s.truth().report().assessment());
        assertEquals("density-c", s.truth().report().density());
        assertEquals(Set.of("finding-mass", "finding-calcification", "assessment-4"), s.truth().report().concepts());
        assertTrue(s.truth().report().text().startsWith("BI-RADS 4\nDENSITY C\nFINDING 1: Mass, Suspicious Calcification"),
                s.truth().report().text());
    }

    @Test
    void negativeCoordinatesAreClippedToTheImage() {
        Dataset d = source.open(root, LENIENT);
        Lesion asymmetry = load(d, "i1").truth().lesions().get(0);
        assertEquals("asymmetry", asymmetry.kind());
        assertEquals("benign", asymmetry.pathology());
        assertEquals(new Box(0, 0, 6, 7), asymmetry.mask().box());
        assertEquals(42, asymmetry.mask().area());
        assertTrue(d.problems().stream().anyMatch(p -> p.startsWith(findings + ":2: ") && p.contains("clipped")),
                d.problems().toString());
        // a box over the whole image is not clipped, and no normal image has a lesion
        assertEquals(W * H, load(d, "i5").truth().lesions().get(0).mask().area());
        assertEquals("asymmetry-global", load(d, "i5").truth().lesions().get(0).kind());
        assertEquals(List.of(), load(d, "i6").truth().lesions());
        assertEquals(List.of(), load(d, "i2").truth().lesions());
    }

    @Test
    void aCategoryListWrittenWithoutQuotesIsOneList() {
        Dataset d = source.open(root, STRICT);
        Lesion features = load(d, "i4").truth().lesions().get(0);
        assertEquals(Set.of("feature-skin-thickening", "feature-nipple-retraction"), features.concepts());
        assertEquals("feature-skin-thickening", features.kind(), "no finding named: the first feature is the kind");
        assertEquals("malignant", features.pathology());
        assertEquals(5, features.assessment());
    }

    @Test
    void pathologyUnprovenWhenAsked() {
        Dataset d = source.open(root, new DatasetOptions(false, "birads", Map.of("validation", "0",
                "pathology", "unproven")));
        assertEquals("unproven", load(d, "i3").truth().lesions().get(0).pathology());
        assertEquals("malignant", byId(d).get("i3").label(), "the class still follows BI-RADS");
    }

    @Test
    void validationIsCarvedFromTrainingStudiesOnly() {
        Dataset d = source.open(root, new DatasetOptions(false, "birads", Map.of("validation", "1")));
        assertEquals(Split.VALIDATION, byId(d).get("i1").split());
        assertEquals(Split.TEST, byId(d).get("i5").split());
        VindrFiles.text(root.resolve("splits.csv"), "case_id,split\ns1,test\ns2,train\n");
        d = source.open(root, LENIENT);
        assertEquals(Split.TEST, byId(d).get("i1").split());
        assertEquals(Split.TRAIN, byId(d).get("i6").split());
    }

    @Test
    void aStudyInTwoSplitsGoesToTest() throws Exception {
        Files.writeString(breast, Files.readString(breast).replace("s2,x2,i6,R,CC,40,48,BI-RADS 1,DENSITY A,test",
                "s2,x2,i6,R,CC,40,48,BI-RADS 1,DENSITY A,training"));
        Files.writeString(findings, Files.readString(findings).replace("s2,x2,i6,R,CC,40,48,BI-RADS 1,DENSITY A,"
                + "['No Finding'],,,,,,test", "s2,x2,i6,R,CC,40,48,BI-RADS 1,DENSITY A,['No Finding'],,,,,,training"));
        Dataset d = source.open(root, LENIENT);
        assertEquals(Split.TEST, byId(d).get("i6").split());
        assertEquals(Split.TEST, byId(d).get("i5").split());
        assertTrue(d.problems().stream().anyMatch(p -> p.contains("study s2 is") && p.contains("placed in test")),
                d.problems().toString());
        assertThrows(DeepMinerException.class, () -> source.open(root, STRICT));
    }

    @Test
    void badRowsAndMissingImagesAreProblemsNamingFileAndLine() throws Exception {
        Files.writeString(breast, Files.readString(breast) + "s3,x3,i7,X,CC,40,48,BI-RADS 2,DENSITY B,test\n"
                + "s3,x3,i8,L,CC,40,48,BI-RADS 9,DENSITY B,test\n");
        Files.delete(root.resolve("images/s2/i6.dicom"));
        Dataset d = source.open(root, LENIENT);
        assertFalse(byId(d).containsKey("i6") || byId(d).containsKey("i7") || byId(d).containsKey("i8"));
        List<String> problems = d.problems();
        assertTrue(problems.contains(breast + ":8: malformed row: laterality is 'X', not L or R"), problems.toString());
        assertTrue(problems.contains(breast + ":9: breast_birads 'BI-RADS 9' is not BI-RADS 0-6"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(breast + ":7: image i6 is missing")), problems.toString());
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> source.open(root, STRICT));
        assertTrue(e.getMessage().startsWith(breast + ":"), e.getMessage());
    }

    @Test
    void aMissingRequiredColumnIsAnErrorEvenWhenLenient() throws Exception {
        Files.writeString(findings, FINDING_HEADER.replace("xmax,", "") + "s1,x1,i1,L,CC,40,48,BI-RADS 3,"
                + "DENSITY C,['Asymmetry'],BI-RADS 3,1,2,3,training\n");
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> source.open(root, LENIENT));
        assertTrue(e.getMessage().startsWith(findings + ":1: missing column 'xmax'"), e.getMessage());
    }

    @Test
    void notAVindrFolder() throws Exception {
        Path empty = Files.createDirectories(root.resolve("empty"));
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> source.open(empty, LENIENT));
        assertTrue(e.getMessage().startsWith(empty + ": not a VinDr-Mammo folder"), e.getMessage());
    }
}
