package org.deepminer.dicom.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import org.deepminer.api.data.Laterality;
import org.deepminer.dicom.DicomIdentity;
import org.deepminer.dicom.ImageRegion;
import org.deepminer.dicom.MaskObject;
import org.deepminer.dicom.SegmentationObject;
import org.deepminer.dicom.SegmentationType;
import org.deepminer.dicom.SourceImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the writers produce is valid DICOM by dicom3tools' dciodvfy (no Error lines, exit status 0), and the
 * structured reports valid TID 1500 by PixelMed's SR validator.
 */
class ValidatorTest {
    private final PixelMedDicomService service = new PixelMedDicomService();
    private final ObjectWriter uids = new ObjectWriter();

    @TempDir
    Path dir;

    @Test
    void mammogramsOfEachSideAndViewAreValid() throws Exception {
        for (Laterality side : new Laterality[] {Laterality.LEFT, Laterality.RIGHT}) {
            for (String view : new String[] {"CC", "MLO"}) {
                Path file = dir.resolve(side + "_" + view + ".dcm");
                service.writeMammogram(file, TestSupport.mammogram(uids, 96, 128, side, view));
                assertValid(file);
            }
        }
    }

    @Test
    void maskIsValid() throws Exception {
        int width = 97; // odd: the 8-bit pixel data needs its padding byte
        int height = 61;
        BitSet region = new BitSet();
        for (int r = 20; r < 40; r++) {
            region.set(r * width + 30, r * width + 60);
        }
        DicomIdentity identity = TestSupport.identity(uids);
        Path file = dir.resolve("mask.dcm");
        service.writeMask(file, new MaskObject(identity, width, height, region, uids.newUid(),
                TestSupport.MG_FOR_PRESENTATION));
        assertValid(file);
    }

    @Test
    void secondaryCaptureIsValid() throws Exception {
        int width = 33;
        int height = 21;
        int[] rgb = new int[width * height];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (int) (i * 2654435761L) & 0xFFFFFF; // scattered colours
        }
        Path file = dir.resolve("overlay.dcm");
        service.writeSecondaryCapture(file, TestSupport.identity(uids), width, height, rgb, uids.newUid(),
                TestSupport.MG_FOR_PRESENTATION);
        assertValid(file);
    }

    @Test
    void structuredReportsAreValidIodsAndTid1500Templates() throws Exception {
        SourceImage source = Explanations.source(uids, 97, 61, false);
        // several groups: PixelMed's validator then checks them against TID 1501; a single group against TID 1410
        Path several = dir.resolve("sr-several.dcm");
        service.writeStructuredReport(several, new DicomIdentity("", "", "", "", "", "20240131", ""),
                Explanations.report(source, uids.newUid(), Explanations.mass("", ImageRegion.box(10, 10, 40, 30)),
                        Explanations.calcifications(50.5f, 20.5f)));
        Path single = dir.resolve("sr-single.dcm");
        service.writeStructuredReport(single,
                new DicomIdentity("PHANTOM-0001", "Phantom^Test", "", "", "", "20240131", "ACC0001"),
                Explanations.report(Explanations.source(uids, 97, 61, true), uids.newUid(),
                        Explanations.mass(uids.newUid(), ImageRegion.polygon(5, 5, 30, 8, 20, 40))));
        assertValid(several);
        assertValid(single);
        for (TestSupport.Verdict verdict : TestSupport.dicomSrValidator(several, single)) {
            List<String> errors = verdict.errors().stream().filter(e -> !procedureOutsideCid100(e)).toList();
            assertTrue(errors.isEmpty(), verdict::output);
        }
    }

    /**
     * PixelMed's validator reports a code outside a context group as an Error even where TID 1500 only
     * suggests the group (Procedure reported: BCID 100, which lists no mammography procedure). The platform
     * reports (71651007, SCT, "Mammography") as DICOM-OUTPUTS.md asks; this one line is expected.
     */
    private static boolean procedureOutsideCid100(String line) {
        return line.contains("CODE (121058,DCM,\"Procedure reported\")")
                && line.endsWith("Code (71651007,SCT,\"Mammography\") not found in context group 100");
    }

    @Test
    void segmentationsAreValid() throws Exception {
        int width = 97; // 5917 pixels a frame: odd-length 8-bit frames, and bit frames that end inside a byte
        int height = 61;
        SourceImage source = Explanations.source(uids, width, height, true);
        float[] ramp = Explanations.ramp(width, height);
        float[] spot = new float[width * height];
        spot[30 * width + 40] = 1;
        for (SegmentationType type : SegmentationType.values()) {
            Path file = dir.resolve("seg-" + type + ".dcm");
            service.writeSegmentation(file,
                    new DicomIdentity("", "", source.studyInstanceUid(), "", "", "20240131", ""),
                    new SegmentationObject(source, type, "DeepMiner heatmaps",
                            List.of(Explanations.heatmap(42, ramp), Explanations.heatmap(7, spot))));
            assertValid(file);
        }
    }

    private static void assertValid(Path file) throws Exception {
        TestSupport.Verdict verdict = TestSupport.dciodvfy(file);
        assertTrue(verdict.errors().isEmpty(), () -> file.getFileName() + ":\n" + verdict.output());
        assertEquals(0, verdict.exitCode(), () -> file.getFileName() + ":\n" + verdict.output());
    }
}
