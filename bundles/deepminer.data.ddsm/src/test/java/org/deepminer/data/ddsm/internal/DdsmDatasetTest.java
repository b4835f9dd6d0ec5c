package org.deepminer.data.ddsm.internal;

import org.deepminer.data.support.Splits;

import static org.deepminer.data.ddsm.internal.DdsmFiles.abnormality;
import static org.deepminer.data.ddsm.internal.DdsmFiles.block;
import static org.deepminer.data.ddsm.internal.DdsmFiles.filled;
import static org.deepminer.data.ddsm.internal.DdsmFiles.ics;
import static org.deepminer.data.ddsm.internal.DdsmFiles.rectangle;
import static org.deepminer.data.ddsm.internal.DdsmFiles.view;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class DdsmDatasetTest {
    static final int W = 40;
    static final int H = 30;
    static final int BACKGROUND = 1000;
    static final int LESION = 4000;

    @TempDir
    Path root;

    DdsmSource source;
    Path caseA;
    Path caseB;

    /** The vocabulary the reader resolves with: a test double here, the real one in a subclass. */
    ConceptVocabulary vocabulary() {
        return new FakeVocabulary();
    }

    @BeforeEach
    void writeDataset() {
        source = new DdsmSource();
        source.addVocabulary(vocabulary());

        DdsmFiles.text(root.resolve("splits.csv"), "case_id,split\nA-0001-1,train\nB-0002-1,test\nC-0003-1,validation\n");

        // real DDSM naming: A-0001-1.ics with A_0001_1.<VIEW>.* files, in a volume folder tree
        caseA = root.resolve("cancers/cancer_01/case0001");
        DdsmFiles.text(caseA.resolve("A-0001-1.ics"), ics("A-0001-1", 3, "LUMISYS LASER",
                view("LEFT_CC", W, H, 12, true), view("RIGHT_CC", W, H, 12, true),
                view("LEFT_MLO", W, H, 12, false), view("RIGHT_MLO", W, H, 12, true)));
        int[][] lesionImage = block(filled(W, H, BACKGROUND), 5, 10, 9, 14, LESION);
        DdsmFiles.image(caseA.resolve("A_0001_1.LEFT_CC.png"), lesionImage);
        DdsmFiles.text(caseA.resolve("A_0001_1.LEFT_CC.OVERLAY"), "TOTAL_ABNORMALITIES 1\n"
                + abnormality(1, "MASS SHAPE IRREGULAR MARGINS SPICULATED", 5, "MALIGNANT", rectangle(5, 10, 9, 14)));
        DdsmFiles.image(caseA.resolve("A_0001_1.RIGHT_CC.png"), lesionImage);
        DdsmFiles.text(caseA.resolve("A_0001_1.RIGHT_CC.OVERLAY"), "TOTAL_ABNORMALITIES 1\n"
                + abnormality(1, "CALCIFICATION TYPE PLEOMORPHIC-PLEOMORPHIC DISTRIBUTION CLUSTERED", 3, "BENIGN",
                        rectangle(5, 10, 9, 14)));
        DdsmFiles.image(caseA.resolve("A_0001_1.LEFT_MLO.png"), filled(W, H, BACKGROUND));
        DdsmFiles.text(caseA.resolve("A_0001_1.RIGHT_MLO.LJPEG"), "lossless jpeg bytes");
        DdsmFiles.text(caseA.resolve("A_0001_1.RIGHT_MLO.OVERLAY"), "TOTAL_ABNORMALITIES 1\n"
                + abnormality(1, "MASS SHAPE ROUND MARGINS CIRCUMSCRIBED", 2, "BENIGN", rectangle(1, 1, 3, 3)));

        // phantom naming: <case>/<case>.ics with <case>.<VIEW>.* files
        caseB = root.resolve("benigns/B-0002-1");
        DdsmFiles.text(caseB.resolve("B-0002-1.ics"), ics("B-0002-1", 1, "HOWTEK",
                view("LEFT_CC", W, H, 12, true), view("RIGHT_CC", W, H, 12, true)));
        DdsmFiles.image(caseB.resolve("B-0002-1.LEFT_CC.png"), filled(W, H, BACKGROUND));
        // distortion written as a mass shape; its outline leaves the image over the top and right borders
        DdsmFiles.text(caseB.resolve("B-0002-1.LEFT_CC.OVERLAY"), "TOTAL_ABNORMALITIES 1\n"
                + abnormality(1, "MASS SHAPE ARCHITECTURAL_DISTORTION MARGINS ILL_DEFINED", 4, "UNPROVEN",
                        "36 3 0 0 0 0 0 0 2 2 2 2 2 2 2 2 4 4 4 4 4 4 4 4 4 6 6 6 6 6 6 6 6 0 0 0 #"));
        DdsmFiles.pgm(caseB.resolve("B-0002-1.RIGHT_CC.pgm"), block(filled(W, H, BACKGROUND), 20, 5, 22, 7, LESION), 4095);
        DdsmFiles.text(caseB.resolve("B-0002-1.RIGHT_CC.OVERLAY"), "TOTAL_ABNORMALITIES 1\n"
                + abnormality(1, "CALCIFICATION TYPE LUCENT_CENTER DISTRIBUTION N/A", 2, "BENIGN_WITHOUT_CALLBACK",
                        rectangle(20, 5, 22, 7)));

        Path caseC = root.resolve("normals/normal_01/case0003");
        DdsmFiles.text(caseC.resolve("C-0003-1.ics"), ics("C-0003-1", 4, "HOWTEK", view("LEFT_CC", W, H, 12, false)));
        DdsmFiles.image(caseC.resolve("C_0003_1.LEFT_CC.tif"), filled(W, H, BACKGROUND));
    }

    private static Map<String, SampleRef> byId(Dataset d) {
        return d.samples().stream().collect(Collectors.toMap(SampleRef::id, Function.identity()));
    }

    @Test
    void listsOneSamplePerImageWithCaseLabelAndSplit() {
        Dataset d = source.open(root, DatasetOptions.lenient());
        assertEquals("ddsm", d.format());
        Map<String, SampleRef> refs = byId(d);
        assertEquals(Set.of("A-0001-1_LEFT_CC", "A-0001-1_RIGHT_CC", "A-0001-1_LEFT_MLO", "B-0002-1_LEFT_CC",
                "B-0002-1_RIGHT_CC", "C-0003-1_LEFT_CC"), refs.keySet());
        assertEquals(new SampleRef("A-0001-1_LEFT_CC", "A-0001-1", Split.TRAIN, "malignant"), refs.get("A-0001-1_LEFT_CC"));
        assertEquals("benign", refs.get("A-0001-1_RIGHT_CC").label());
        assertEquals("normal", refs.get("A-0001-1_LEFT_MLO").label());
        assertEquals(new SampleRef("B-0002-1_LEFT_CC", "B-0002-1", Split.TEST, "benign"), refs.get("B-0002-1_LEFT_CC"));
        assertEquals("benign", refs.get("B-0002-1_RIGHT_CC").label());
        assertEquals(new SampleRef("C-0003-1_LEFT_CC", "C-0003-1", Split.VALIDATION, "normal"), refs.get("C-0003-1_LEFT_CC"));

        // the LJPEG-only view is left out, with a problem that says what to do
        assertEquals(1, d.problems().size(), d.problems().toString());
        String problem = d.problems().get(0);
        assertTrue(problem.startsWith(caseA.resolve("A-0001-1.ics") + ":"), problem);
        assertTrue(problem.contains("A_0001_1.RIGHT_MLO.LJPEG") && problem.contains("convert"), problem);
    }

    @Test
    void strictModeRefusesTheUnconvertedImage() {
        DeepMinerException e = assertThrows(DeepMinerException.class,
                () -> source.open(root, DatasetOptions.strictDefaults()));
        assertTrue(e.getMessage().contains("RIGHT_MLO") && e.getMessage().contains("convert"), e.getMessage());
    }

    @Test
    void loadsPixelsScaledByTheBitsPerPixelAndTheMaskOverTheLesion() {
        Dataset d = source.open(root, DatasetOptions.lenient());
        Sample s = d.load(byId(d).get("A-0001-1_LEFT_CC"));
        assertEquals(W, s.image().width());
        assertEquals(H, s.image().height());
        assertEquals(BACKGROUND / 4095f, s.image().get(0, 0), 1e-6);
        assertEquals(LESION / 4095f, s.image().get(7, 12), 1e-6);

        assertEquals("OT", s.metadata().modality());
        assertEquals(Laterality.LEFT, s.metadata().laterality());
        assertEquals("CC", s.metadata().view());
        assertEquals(0.05, s.metadata().pixelSpacingMm(), 1e-12);
        assertEquals(12, s.metadata().bitsStored());
        assertFalse(s.metadata().flipped());
        assertTrue(s.metadata().references().isEmpty());

        assertEquals("malignant", s.truth().label());
        Lesion l = s.truth().lesions().get(0);
        assertEquals("finding-mass", l.kind());
        assertEquals("malignant", l.pathology());
        assertEquals(Set.of("finding-mass", "shape-irregular", "margin-spiculated"), l.concepts());
        assertEquals(5, l.assessment());
        assertEquals(new Box(5, 10, 5, 5), l.mask().box());
        assertMaskIsTheBrightBlock(s, l);
        assertEquals(List.of(5, 10, 9, 10, 9, 14, 5, 14, 5, 10), l.outline());

        assertEquals(5, s.truth().report().assessment());
        assertEquals("density-c", s.truth().report().density());
        assertEquals(Set.of("finding-mass", "shape-irregular", "margin-spiculated"), s.truth().report().concepts());
        String text = s.truth().report().text();
        assertTrue(text.contains("LESION_TYPE MASS SHAPE IRREGULAR MARGINS SPICULATED"), text);
        assertTrue(text.contains("PATHOLOGY MALIGNANT"), text);
        assertFalse(text.contains("PATIENT_AGE") || text.contains("63"), text);
    }

    /** The lesion's mask and the image's bright block must coincide pixel for pixel. */
    private static void assertMaskIsTheBrightBlock(Sample s, Lesion l) {
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean bright = s.image().get(x, y) > 0.5f;
                assertEquals(bright, l.mask().contains(x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void rightBreastsAreMirroredWithTheirMasks() {
        Dataset d = source.open(root, DatasetOptions.lenient());
        Sample s = d.load(byId(d).get("A-0001-1_RIGHT_CC"));
        assertTrue(s.metadata().flipped());
        assertEquals(Laterality.RIGHT, s.metadata().laterality());
        // stored at columns 5..9; mirrored in a 40-wide image to 39-9 .. 39-5
        assertEquals(LESION / 4095f, s.image().get(W - 1 - 7, 12), 1e-6);
        assertEquals(BACKGROUND / 4095f, s.image().get(7, 12), 1e-6);
        Lesion l = s.truth().lesions().get(0);
        assertEquals(new Box(W - 1 - 9, 10, 5, 5), l.mask().box());
        assertMaskIsTheBrightBlock(s, l);
        assertEquals(W - 1 - 5, l.outline().get(0));
        assertEquals(10, l.outline().get(1));
        // a joined, repeated value gives its concept once
        assertEquals(Set.of("finding-calcification", "calc-fine-pleomorphic", "dist-grouped"), l.concepts());
        assertEquals("benign", l.pathology());
    }

    @Test
    void distortionWrittenAsAShapeIsTheKindAndAnOutlineCrossingTheBorderIsClipped() {
        Dataset d = source.open(root, DatasetOptions.lenient());
        Sample s = d.load(byId(d).get("B-0002-1_LEFT_CC"));
        Lesion l = s.truth().lesions().get(0);
        assertEquals("architectural-distortion", l.kind());
        assertEquals(Set.of("architectural-distortion", "margin-indistinct"), l.concepts());
        assertEquals("unproven", l.pathology());
        assertEquals("density-a", s.truth().report().density());
        // the outline spans columns 36..44 and rows -3..6; the image keeps columns 36..39, rows 0..6
        assertEquals(new Box(36, 0, 4, 7), l.mask().box());
        assertEquals(28, l.mask().area());
    }

    @Test
    void pgmImagesAndTheOtherSpellingOfLucentCentre() {
        Dataset d = source.open(root, DatasetOptions.lenient());
        Sample s = d.load(byId(d).get("B-0002-1_RIGHT_CC"));
        Lesion l = s.truth().lesions().get(0);
        assertEquals(Set.of("finding-calcification", "calc-rim"), l.concepts());
        assertEquals("benign", l.pathology());
        assertTrue(s.metadata().flipped());
        assertMaskIsTheBrightBlock(s, l);
        assertEquals(2, s.truth().report().assessment());
    }

    @Test
    void tiffNormalImageHasNoLesions() {
        Dataset d = source.open(root, DatasetOptions.lenient());
        Sample s = d.load(byId(d).get("C-0003-1_LEFT_CC"));
        assertEquals("normal", s.truth().label());
        assertTrue(s.truth().lesions().isEmpty());
        assertEquals(-1, s.truth().report().assessment());
        assertEquals(BACKGROUND / 4095f, s.image().get(39, 29), 1e-6);
    }

    @Test
    void unprovenImagesCanBeLeftOut() {
        Dataset d = source.open(root, new DatasetOptions(false, "birads", Map.of("unproven", "skip")));
        assertFalse(byId(d).containsKey("B-0002-1_LEFT_CC"));
        assertTrue(byId(d).containsKey("B-0002-1_RIGHT_CC"));
    }

    @Test
    void anUnknownTokenKeepsTheKnownConceptsWhenLenientAndAbortsWhenStrict() {
        Path c = root.resolve("odd/D-0004-1");
        DdsmFiles.text(c.resolve("D-0004-1.ics"), ics("D-0004-1", 2, "DBA 21", view("LEFT_CC", W, H, 16, true)));
        DdsmFiles.image(c.resolve("D-0004-1.LEFT_CC.png"), filled(W, H, BACKGROUND));
        Path overlay = DdsmFiles.text(c.resolve("D-0004-1.LEFT_CC.OVERLAY"), "TOTAL_ABNORMALITIES 1\n"
                + abnormality(1, "MASS SHAPE IRREGULAR-BLOBBY MARGINS SPICULATED", 4, "MALIGNANT", rectangle(1, 1, 2, 2)));
        Path lonely = root.resolve("odd2/E-0005-1");
        DdsmFiles.text(lonely.resolve("E-0005-1.ics"), ics("E-0005-1", 2, "DBA 21", view("LEFT_CC", W, H, 16, false)));
        DdsmFiles.image(lonely.resolve("E-0005-1.LEFT_CC.png"), filled(W, H, BACKGROUND));

        Dataset d = source.open(root, DatasetOptions.lenient());
        Lesion l = d.load(byId(d).get("D-0004-1_LEFT_CC")).truth().lesions().get(0);
        assertEquals(Set.of("finding-mass", "shape-irregular", "margin-spiculated"), l.concepts());
        // the LESION_TYPE line is line 3 of the overlay; E-0005-1 is not in splits.csv
        assertTrue(d.problems().stream().anyMatch(p -> p.startsWith(overlay + ":3:") && p.contains("'BLOBBY'")),
                d.problems().toString());
        assertTrue(d.problems().stream().anyMatch(p -> p.contains("E-0005-1 is not listed")), d.problems().toString());
        // 16 bits per pixel: 1000 / 65535
        assertEquals(BACKGROUND / 65535f, d.load(byId(d).get("E-0005-1_LEFT_CC")).image().get(0, 0), 1e-7);

        root.resolve("cancers/cancer_01/case0001/A_0001_1.RIGHT_MLO.LJPEG").toFile().delete();
        root.resolve("cancers/cancer_01/case0001/A_0001_1.RIGHT_MLO.OVERLAY").toFile().delete();
        DdsmFiles.text(caseA.resolve("A-0001-1.ics"), ics("A-0001-1", 3, "LUMISYS LASER", view("LEFT_CC", W, H, 12, true)));
        DdsmFiles.text(root.resolve("splits.csv"), "A-0001-1,train\nB-0002-1,test\nC-0003-1,val\nD-0004-1,train\nE-0005-1,test\n");
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> source.open(root, DatasetOptions.strictDefaults()));
        assertTrue(e.getMessage().startsWith(overlay + ":3:") && e.getMessage().contains("BLOBBY"), e.getMessage());
    }

    @Test
    void outlinesFollowAnImageThatWasScaledWhenConverted() {
        Path c = root.resolve("scaled/F-0006-1");
        // the .ics describes the 80x60 film; the converted image is 40x30
        DdsmFiles.text(c.resolve("F-0006-1.ics"), ics("F-0006-1", 2, "LUMISYS", view("LEFT_CC", 2 * W, 2 * H, 12, true)));
        DdsmFiles.image(c.resolve("F-0006-1.LEFT_CC.png"), block(filled(W, H, BACKGROUND), 5, 10, 9, 14, LESION));
        DdsmFiles.text(c.resolve("F-0006-1.LEFT_CC.OVERLAY"), "TOTAL_ABNORMALITIES 1\n"
                + abnormality(1, "MASS SHAPE ROUND MARGINS CIRCUMSCRIBED", 2, "BENIGN", rectangle(10, 20, 19, 29)));
        Dataset d = source.open(root, DatasetOptions.lenient());
        Sample s = d.load(byId(d).get("F-0006-1_LEFT_CC"));
        // a 10x10 square at (10,20) on the film is a 5x5 square at (5,10) on the half-size image
        assertMaskIsTheBrightBlock(s, s.truth().lesions().get(0));
        assertEquals(0.1, s.metadata().pixelSpacingMm(), 1e-12);
        assertTrue(d.problems().stream().anyMatch(p -> p.contains("F-0006-1.LEFT_CC.png") && p.contains("scaled")));
    }

    @Test
    void opticalDensityFollowsTheDigitiserCalibration() {
        Path c = root.resolve("od/G-0007-1");
        int[][] levels = filled(W, H, 1000);
        levels[0][1] = 3000;
        DdsmFiles.text(c.resolve("G-0007-1.ics"), ics("G-0007-1", 2, "LUMISYS LASER", view("LEFT_CC", W, H, 12, false)));
        DdsmFiles.image(c.resolve("G-0007-1.LEFT_CC.png"), levels);
        Dataset d = source.open(root, new DatasetOptions(false, "birads", Map.of("od", "true")));
        Sample s = d.load(byId(d).get("G-0007-1_LEFT_CC"));
        // LUMISYS: OD = (GL - 4096.99) / -1009.01; shown as 1 - OD / 4
        double od1000 = (1000 - 4096.99) / -1009.01;
        double od3000 = (3000 - 4096.99) / -1009.01;
        assertEquals(1 - od1000 / 4, s.image().get(0, 0), 1e-5);
        assertEquals(1 - od3000 / 4, s.image().get(1, 0), 1e-5);
        // the HOWTEK case from MGH (volume B here: not ISMD) uses 3.789 - 0.00094568 GL
        Sample b = d.load(byId(d).get("B-0002-1_LEFT_CC"));
        assertEquals(1 - (3.789 - 0.00094568 * BACKGROUND) / 4, b.image().get(0, 0), 1e-5);
    }

    @Test
    void tissueSideOrientationFlipsALeftImageWhoseBreastIsOnTheRight() {
        Path c = root.resolve("mixed/H-0008-1");
        DdsmFiles.text(c.resolve("H-0008-1.ics"), ics("H-0008-1", 2, "LUMISYS", view("LEFT_CC", W, H, 12, false)));
        DdsmFiles.image(c.resolve("H-0008-1.LEFT_CC.png"), block(filled(W, H, 0), 25, 0, 39, 29, 3000));
        Dataset byTissue = source.open(root, new DatasetOptions(false, "birads", Map.of("flip", "tissue")));
        Sample s = byTissue.load(byId(byTissue).get("H-0008-1_LEFT_CC"));
        assertTrue(s.metadata().flipped());
        assertEquals(3000 / 4095f, s.image().get(0, 0), 1e-6);
        // a right breast already against the left edge stays as it is under flip=tissue
        Sample right = byTissue.load(byId(byTissue).get("A-0001-1_RIGHT_CC"));
        assertFalse(right.metadata().flipped());

        Dataset byLaterality = source.open(root, DatasetOptions.lenient());
        assertFalse(byLaterality.load(byId(byLaterality).get("H-0008-1_LEFT_CC")).metadata().flipped());
    }

    @Test
    void withoutSplitsCsvCasesAreSplitByAStableHash() {
        root.resolve("splits.csv").toFile().delete();
        Dataset a = source.open(root, DatasetOptions.lenient());
        Dataset b = source.open(root, DatasetOptions.lenient());
        assertEquals(a.samples(), b.samples());
        for (SampleRef r : a.samples()) {
            assertEquals(Splits.byHash(r.caseId(), 0.1, 0.2), r.split());
        }
        // all images of a case share a split
        Map<String, Set<Split>> perCase = new HashMap<>();
        a.samples().forEach(r -> perCase.computeIfAbsent(r.caseId(), k -> new java.util.HashSet<>()).add(r.split()));
        perCase.values().forEach(v -> assertEquals(1, v.size()));
    }

    @Test
    void concurrentLoadsGiveTheSameSamplesAsOneByOne() throws Exception {
        Dataset d = source.open(root, DatasetOptions.lenient());
        Map<String, float[]> sequential = new HashMap<>();
        for (SampleRef r : d.samples()) {
            sequential.put(r.id(), d.load(r).image().pixels());
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
                assertArrayEquals(sequential.get(s.id()), s.image().pixels(), s.id());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesWhatIsNotADdsmFolderAndAMissingVocabulary() {
        Path empty = root.resolve("nothing-here");
        DdsmFiles.text(empty.resolve("readme.txt"), "hello");
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> source.open(empty, DatasetOptions.lenient()));
        assertTrue(e.getMessage().startsWith(empty.toString()) && e.getMessage().contains(".ics"), e.getMessage());

        DdsmSource bare = new DdsmSource();
        e = assertThrows(DeepMinerException.class, () -> bare.open(root, DatasetOptions.lenient()));
        assertTrue(e.getMessage().contains("no concept vocabulary 'birads'"), e.getMessage());

        Dataset d = source.open(root, DatasetOptions.lenient());
        e = assertThrows(DeepMinerException.class,
                () -> d.load(new SampleRef("Z-9999-1_LEFT_CC", "Z-9999-1", Split.TRAIN, "normal")));
        assertTrue(e.getMessage().contains("Z-9999-1_LEFT_CC"));
    }
}
