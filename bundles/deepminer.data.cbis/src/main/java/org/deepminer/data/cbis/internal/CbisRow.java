package org.deepminer.data.cbis.internal;

import java.nio.file.Path;
import org.deepminer.api.data.Laterality;

/**
 * One row of a CBIS-DDSM description CSV: one abnormality of one image. Values are as written (trimmed);
 * missing ones are empty; paths are normalised.
 *
 * @param file the CSV
 * @param line the line the row starts on
 * @param mass true for a mass file, false for a calcification file
 * @param test true for a {@code *_test_set.csv}
 * @param shape mass shape (mass files) or calc type (calcification files)
 * @param margins mass margins (mass files) or calc distribution (calcification files)
 * @param assessment 0-6, or -1
 */
record CbisRow(Path file, int line, boolean mass, boolean test, String patientId, String density, Laterality side,
        String view, int abnormalityId, String abnormalityType, String shape, String margins, int assessment,
        String pathology, String subtlety, String imagePath, String croppedPath, String roiPath) {

    String where() {
        return file + ":" + line;
    }

    /** The image the row is about, which is also its sample id: {@code P_00001_LEFT_CC}. */
    String imageKey() {
        return patientId + "_" + side + "_" + view;
    }
}
