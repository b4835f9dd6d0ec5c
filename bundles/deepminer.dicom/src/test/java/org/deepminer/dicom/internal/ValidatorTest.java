package org.deepminer.dicom.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.BitSet;
import org.deepminer.api.data.Laterality;
import org.deepminer.dicom.DicomIdentity;
import org.deepminer.dicom.MaskObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the writers produce is valid DICOM by dicom3tools' dciodvfy (no Error lines, exit status 0). */
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

    private static void assertValid(Path file) throws Exception {
        TestSupport.Verdict verdict = TestSupport.dciodvfy(file);
        assertTrue(verdict.errors().isEmpty(), () -> file.getFileName() + ":\n" + verdict.output());
        assertEquals(0, verdict.exitCode(), () -> file.getFileName() + ":\n" + verdict.output());
    }
}
