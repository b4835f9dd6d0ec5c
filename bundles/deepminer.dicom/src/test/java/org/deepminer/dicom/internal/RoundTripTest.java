package org.deepminer.dicom.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.deepminer.api.data.ImageMetadata;
import org.deepminer.api.data.Laterality;
import org.deepminer.dicom.DicomImage;
import org.deepminer.dicom.DicomReadOptions;
import org.deepminer.dicom.MammogramObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 12-bit mammogram written by writeMammogram reads back with its pixels, metadata and canonical side. */
class RoundTripTest {
    private static final int WIDTH = 120;
    private static final int HEIGHT = 90;
    private static final PixelMedDicomService SERVICE = new PixelMedDicomService();
    private final ObjectWriter uids = new ObjectWriter();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        SERVICE.start();
    }

    @AfterAll
    static void stop() {
        SERVICE.stop();
    }

    @Test
    void pixelsComeBackThroughTheWindowAsStored() throws Exception {
        MammogramObject mg = TestSupport.mammogram(uids, WIDTH, HEIGHT, Laterality.LEFT, "CC");
        Path file = dir.resolve("left-cc.dcm");
        SERVICE.writeMammogram(file, mg);

        DicomImage read = SERVICE.read(file, DicomReadOptions.anyImage());
        assertEquals(WIDTH, read.image().width());
        assertEquals(HEIGHT, read.image().height());
        float[] pixels = read.image().pixels();
        for (int i = 0; i < pixels.length; i++) {
            double expected = TestSupport.linearWindow(mg.pixels()[i], 2048, 4096);
            assertEquals(expected, pixels[i], 1e-6, "pixel " + i);
        }
    }

    @Test
    void metadataNamesTheImageButNotThePatient() throws Exception {
        MammogramObject mg = TestSupport.mammogram(uids, WIDTH, HEIGHT, Laterality.RIGHT, "MLO");
        Path file = dir.resolve("right-mlo.dcm");
        SERVICE.writeMammogram(file, mg);

        DicomImage read = SERVICE.read(file, DicomReadOptions.mammogram());
        ImageMetadata meta = read.metadata();
        assertEquals("MG", meta.modality());
        assertEquals(Laterality.RIGHT, meta.laterality());
        assertEquals("MLO", meta.view());
        assertEquals(0.07, meta.pixelSpacingMm(), 1e-12);
        assertEquals(12, meta.bitsStored());
        assertEquals(Map.of("StudyInstanceUID", mg.identity().studyInstanceUid(),
                "SeriesInstanceUID", mg.identity().seriesInstanceUid(),
                "SOPInstanceUID", mg.identity().sopInstanceUid(),
                "SOPClassUID", TestSupport.MG_FOR_PRESENTATION), meta.references());
        assertTrue(read.identifiers().isEmpty(), "identifiers leak by default: " + read.identifiers());
        assertFalse(meta.toString().contains("Phantom^Test") || meta.toString().contains("PHANTOM-0001"));

        DicomReadOptions withIds = new DicomReadOptions(Set.of("MG"), true, true, 100_000_000L);
        DicomImage identified = SERVICE.read(file, withIds);
        assertEquals("Phantom^Test", identified.identifiers().get("PatientName"));
        assertEquals("PHANTOM-0001", identified.identifiers().get("PatientID"));
    }

    @Test
    void leftBreastStaysAndRightBreastFlipsToChestWallLeft() throws Exception {
        for (Laterality side : new Laterality[] {Laterality.LEFT, Laterality.RIGHT}) {
            for (String view : new String[] {"CC", "MLO"}) {
                MammogramObject mg = TestSupport.mammogram(uids, WIDTH, HEIGHT, side, view);
                Path file = dir.resolve(side + "-" + view + ".dcm");
                SERVICE.writeMammogram(file, mg);

                DicomImage asStored = SERVICE.read(file, DicomReadOptions.anyImage());
                DicomImage canonical = SERVICE.read(file, DicomReadOptions.mammogram());
                boolean right = side == Laterality.RIGHT;
                assertFalse(asStored.metadata().flipped());
                assertEquals(right, canonical.metadata().flipped(), side + " " + view);
                for (int r = 0; r < HEIGHT; r++) {
                    for (int c = 0; c < WIDTH; c++) {
                        float expected = asStored.image().get(right ? WIDTH - 1 - c : c, r);
                        assertEquals(expected, canonical.image().get(c, r), side + " " + view + " at " + c + "," + r);
                    }
                }
                // whatever the rule, the point of it: the tissue (chest wall) is on the left now
                assertTrue(halfSum(canonical, true) > 1.5 * halfSum(canonical, false), side + " " + view);
            }
        }
    }

    @Test
    void readingTwiceGivesTheSameImage() throws Exception {
        Path file = dir.resolve("twice.dcm");
        SERVICE.writeMammogram(file, TestSupport.mammogram(uids, WIDTH, HEIGHT, Laterality.RIGHT, "CC"));
        assertArrayEquals(SERVICE.read(file, DicomReadOptions.mammogram()).image().pixels(),
                SERVICE.read(file, DicomReadOptions.mammogram()).image().pixels());
    }

    static double halfSum(DicomImage image, boolean left) {
        int w = image.image().width();
        double sum = 0;
        for (int r = 0; r < image.image().height(); r++) {
            for (int c = left ? 0 : w - w / 2; c < (left ? w / 2 : w); c++) {
                sum += image.image().get(c, r);
            }
        }
        return sum;
    }
}
