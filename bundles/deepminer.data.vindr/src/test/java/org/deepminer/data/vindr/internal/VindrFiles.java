package org.deepminer.data.vindr.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepminer.api.data.Laterality;
import org.deepminer.dicom.DicomIdentity;
import org.deepminer.dicom.DicomService;
import org.deepminer.dicom.MammogramObject;

/**
 * Writes small VinDr-Mammo data sets as PhysioNet ships them: the two annotation CSVs at the root and
 * images/&lt;study&gt;/&lt;image&gt;.dicom, with the real files' quirks where a test asks for them.
 */
final class VindrFiles {
    static final int W = 48;
    static final int H = 40;
    static final String BREAST_HEADER = "study_id,series_id,image_id,laterality,view_position,height,width,"
            + "breast_birads,breast_density,split\n";
    static final String FINDING_HEADER = "study_id,series_id,image_id,laterality,view_position,height,width,"
            + "breast_birads,breast_density,finding_categories,finding_birads,xmin,ymin,xmax,ymax,split\n";

    private VindrFiles() {}

    static Path text(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A 12-bit mammogram stored as a unit stores it (chest wall left for LEFT, right for RIGHT): tissue 1000, and
     * 3800 in the block of stored columns x0..x1 and rows y0..y1 (inclusive), so that a test can see where a
     * lesion lies after the reader turned the image to the canonical side.
     */
    static Path dicom(DicomService dicom, Path root, String study, String image, Laterality side, String view, int x0,
            int y0, int x1, int y1) {
        Path file = root.resolve("images").resolve(study).resolve(image + ".dicom");
        short[] px = new short[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean lesion = x >= x0 && x <= x1 && y >= y0 && y <= y1;
                px[y * W + x] = (short) (lesion ? 3800 : 1000 + (x * 7 + y * 3) % 50);
            }
        }
        DicomIdentity id = new DicomIdentity("VINDR-" + study, "SYNTHETIC^" + study, dicom.newUid(), dicom.newUid(),
                dicom.newUid(), "20240102", "");
        try {
            Files.createDirectories(file.getParent());
            dicom.writeMammogram(file, new MammogramObject(id, W, H, 12, px, side, view, 0.1, 2048, 4096));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
