package org.deepminer.dicom.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.deepminer.api.data.Laterality;
import org.deepminer.dicom.DicomException;
import org.deepminer.dicom.DicomReadOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken and unwanted inputs: each is refused with a DicomException that names the file and the problem. */
class BadInputTest {
    private final PixelMedDicomService service = new PixelMedDicomService();
    private final ObjectWriter uids = new ObjectWriter();

    @TempDir
    Path dir;

    private Path good;

    @BeforeEach
    void writeGoodMammogram() throws Exception {
        good = dir.resolve("good.dcm");
        service.writeMammogram(good, TestSupport.mammogram(uids, 64, 48, Laterality.LEFT, "CC"));
    }

    @Test
    void truncatedFilesAreRefusedWhereverTheyAreCut() throws Exception {
        byte[] whole = Files.readAllBytes(good);
        int pixelData = lastIndexOf(whole, new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00});
        assertTrue(pixelData > 132, "Pixel Data tag not found");
        TreeSet<Integer> cuts = new TreeSet<>(Arrays.asList(0, 1, 64, 131, 132, 136, 140, 200, 300, 500,
                pixelData - 3, pixelData, pixelData + 2, pixelData + 4, pixelData + 8, pixelData + 12,
                pixelData + 12 + 64 * 48, whole.length - 2, whole.length - 1));
        for (int cut : cuts) {
            Path file = dir.resolve("cut-at-" + cut + ".dcm");
            Files.write(file, Arrays.copyOf(whole, cut));
            DicomException e = refused(file, DicomReadOptions.mammogram());
            String m = e.getMessage();
            assertTrue(m.contains("truncated") || m.contains("not a DICOM file"), "cut at " + cut + ": " + m);
            System.out.println("refused: " + m.substring(m.indexOf("cut-at-")));
        }
    }

    @Test
    void garbageAndOtherFormatsAreNotDicom() throws Exception {
        byte[] noise = new byte[5000];
        new Random(7).nextBytes(noise);
        Path garbage = Files.write(dir.resolve("noise.bin"), noise);
        assertTrue(refused(garbage, DicomReadOptions.anyImage()).getMessage().contains("not a DICOM file"));

        Path text = Files.writeString(dir.resolve("notes.txt"), "Mass, upper outer quadrant.\n");
        assertTrue(refused(text, DicomReadOptions.anyImage()).getMessage().contains("not a DICOM file"));

        Path png = dir.resolve("picture.png");
        ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY), "png", png.toFile());
        assertTrue(refused(png, DicomReadOptions.anyImage()).getMessage().contains("not a DICOM file"));

        Path empty = Files.write(dir.resolve("empty.dcm"), new byte[0]);
        assertTrue(refused(empty, DicomReadOptions.anyImage()).getMessage().contains("0 bytes"));
    }

    @Test
    void garbageBehindAValidPreambleIsRefused() throws Exception {
        for (long seed = 1; seed <= 20; seed++) {
            byte[] bytes = new byte[132 + 3000];
            new Random(seed).nextBytes(bytes);
            Arrays.fill(bytes, 0, 128, (byte) 0);
            System.arraycopy("DICM".getBytes(StandardCharsets.US_ASCII), 0, bytes, 128, 4);
            refused(Files.write(dir.resolve("dicm-noise-" + seed + ".dcm"), bytes), DicomReadOptions.anyImage());
        }
    }

    @Test
    void missingFileAndDirectoryAreRefused() {
        assertTrue(refused(dir.resolve("absent.dcm"), DicomReadOptions.anyImage()).getMessage().contains("no such file"));
        refused(dir, DicomReadOptions.anyImage());
    }

    @Test
    void missingPixelData() throws Exception {
        Path file = TestSupport.edit(good, dir.resolve("no-pixels.dcm"), l -> l.remove(TagFromName.PixelData));
        assertTrue(refused(file, DicomReadOptions.mammogram()).getMessage().contains("no PixelData (7FE0,0010)"));
    }

    @Test
    void zeroRows() throws Exception {
        Path file = TestSupport.edit(good, dir.resolve("zero-rows.dcm"),
                l -> TestSupport.set(l, new UnsignedShortAttribute(TagFromName.Rows), "0"));
        assertTrue(refused(file, DicomReadOptions.mammogram()).getMessage().contains("Rows (0028,0010) is 0"));
    }

    @Test
    void missingColumns() throws Exception {
        Path file = TestSupport.edit(good, dir.resolve("no-columns.dcm"), l -> l.remove(TagFromName.Columns));
        assertTrue(refused(file, DicomReadOptions.mammogram()).getMessage().contains("missing Columns (0028,0011)"));
    }

    @Test
    void absurdDimensionsAreRefusedBeforeAnythingIsAllocated() throws Exception {
        Path file = TestSupport.edit(good, dir.resolve("huge.dcm"), l -> {
            TestSupport.set(l, new UnsignedShortAttribute(TagFromName.Rows), "60000");
            TestSupport.set(l, new UnsignedShortAttribute(TagFromName.Columns), "60000");
        });
        String m = refused(file, DicomReadOptions.mammogram()).getMessage();
        assertTrue(m.contains("absurd dimensions") && m.contains("60000 x 60000"), m);

        // within the pixel limit but far more pixels than the file holds: refused from the file size
        Path large = TestSupport.edit(good, dir.resolve("large.dcm"), l -> {
            TestSupport.set(l, new UnsignedShortAttribute(TagFromName.Rows), "10000");
            TestSupport.set(l, new UnsignedShortAttribute(TagFromName.Columns), "10000");
        });
        m = refused(large, DicomReadOptions.mammogram()).getMessage();
        assertTrue(m.contains("truncated") && m.contains("200000000 bytes"), m);
    }

    @Test
    void wrongModalityIsRefusedForMammogramsOnly() throws Exception {
        Path file = TestSupport.edit(good, dir.resolve("ct.dcm"),
                l -> TestSupport.set(l, new CodeStringAttribute(TagFromName.Modality), "CT"));
        String m = refused(file, DicomReadOptions.mammogram()).getMessage();
        assertTrue(m.contains("Modality (0008,0060) is CT") && m.contains("MG"), m);
        service.read(file, DicomReadOptions.anyImage()); // any image: fine
    }

    @Test
    void colourImagesAreRefused() throws Exception {
        Path file = dir.resolve("overlay.dcm");
        service.writeSecondaryCapture(file, TestSupport.identity(uids), 8, 4, new int[32], uids.newUid(),
                TestSupport.MG_FOR_PRESENTATION);
        String m = refused(file, DicomReadOptions.anyImage()).getMessage();
        assertTrue(m.contains("PhotometricInterpretation (0028,0004) is RGB"), m);
    }

    @Test
    void multiFrameImagesAreRefused() throws Exception {
        Path file = TestSupport.edit(good, dir.resolve("frames.dcm"),
                l -> TestSupport.set(l, new IntegerStringAttribute(TagFromName.NumberOfFrames), "2"));
        assertTrue(refused(file, DicomReadOptions.anyImage()).getMessage().contains("NumberOfFrames (0028,0008) is 2"));
        Path one = TestSupport.edit(good, dir.resolve("one-frame.dcm"),
                l -> TestSupport.set(l, new IntegerStringAttribute(TagFromName.NumberOfFrames), "1"));
        service.read(one, DicomReadOptions.anyImage()); // one frame is a single frame
    }

    @Test
    void bitsStoredBeyondBitsAllocatedIsRefused() throws Exception {
        Path file = TestSupport.edit(good, dir.resolve("bits.dcm"),
                l -> TestSupport.set(l, new UnsignedShortAttribute(TagFromName.BitsStored), "20"));
        assertTrue(refused(file, DicomReadOptions.anyImage()).getMessage().contains("BitsStored (0028,0101) is 20"));
    }

    @Test
    void unknownVoiLutFunctionIsRefusedByName() throws Exception {
        Path file = TestSupport.edit(good, dir.resolve("voi-function.dcm"),
                l -> TestSupport.set(l, new CodeStringAttribute(TagFromName.VOILUTFunction), "CUBIC"));
        assertTrue(refused(file, DicomReadOptions.anyImage()).getMessage().contains("VOILUTFunction (0028,1056) is CUBIC"));
    }

    @Test
    void nonNumericRescaleIsRefusedByName() throws Exception {
        Path file = TestSupport.edit(good, dir.resolve("rescale.dcm"),
                l -> TestSupport.set(l, new com.pixelmed.dicom.DecimalStringAttribute(TagFromName.RescaleSlope), "0"));
        assertTrue(refused(file, DicomReadOptions.anyImage()).getMessage().contains("RescaleSlope (0028,1053)"));
    }

    /** Reading must fail with a DicomException that names the file. */
    private DicomException refused(Path file, DicomReadOptions options) {
        DicomException e = assertThrows(DicomException.class, () -> service.read(file, options), file.toString());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), "message does not name the file: "
                + e.getMessage());
        return e;
    }

    private static int lastIndexOf(byte[] data, byte[] pattern) {
        for (int i = data.length - pattern.length; i >= 0; i--) {
            if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }
}
