package org.deepminer.dicom.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deepminer.api.data.Laterality;
import org.deepminer.dicom.DicomImage;
import org.deepminer.dicom.DicomReadOptions;
import org.deepminer.dicom.MammogramObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How fast mammograms are read and prepared, against reading the same files' bytes in the same run.
 * Prints; never asserts a time.
 */
class ReadBenchmarkTest {
    private static final int FILES = 200;
    private static final int SIZE = 512;

    @TempDir
    Path dir;

    @Test
    void readAndPrepareBesideRawRead() throws Exception {
        PixelMedDicomService service = new PixelMedDicomService();
        ObjectWriter uids = new ObjectWriter();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            Laterality side = i % 2 == 0 ? Laterality.LEFT : Laterality.RIGHT;
            MammogramObject mg = TestSupport.mammogram(uids, SIZE, SIZE, side, i % 4 < 2 ? "CC" : "MLO");
            Path file = dir.resolve(String.format("mg-%03d.dcm", i));
            service.writeMammogram(file, mg);
            files.add(file);
        }
        // warm both paths (JIT, page cache) before timing either
        long checksum = 0;
        for (Path file : files) {
            checksum += Files.readAllBytes(file).length;
            checksum += service.read(file, DicomReadOptions.mammogram()).image().width();
        }

        long start = System.nanoTime();
        for (Path file : files) {
            checksum += Files.readAllBytes(file).length;
        }
        double rawSeconds = (System.nanoTime() - start) / 1e9;

        start = System.nanoTime();
        int flipped = 0;
        for (Path file : files) {
            DicomImage image = service.read(file, DicomReadOptions.mammogram());
            checksum += image.image().pixels().length;
            flipped += image.metadata().flipped() ? 1 : 0;
        }
        double dicomSeconds = (System.nanoTime() - start) / 1e9;

        double dicomRate = FILES / dicomSeconds;
        double rawRate = FILES / rawSeconds;
        System.out.printf("BENCH dicom read: %.1f images/s (raw read baseline %.1f images/s, ratio %.2f)%n",
                dicomRate, rawRate, rawRate / dicomRate);
        assertEquals(FILES / 2, flipped); // the right breasts, and only they
        assertEquals(true, checksum > 0);
    }
}
