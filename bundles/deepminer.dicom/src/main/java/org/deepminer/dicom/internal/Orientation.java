package org.deepminer.dicom.internal;

import org.deepminer.api.data.Laterality;

/**
 * The canonical orientation: chest wall on the LEFT of the image for every breast.
 *
 * <p>The rule, in order of trust:
 * <ol>
 * <li>PatientOrientation (0020,0020), first value: the patient direction of the rows, i.e. where one goes
 * moving from the first column to the last. {@code A} (anterior, towards the nipple) means the chest wall
 * (posterior) is at column 0, on the left: keep. {@code P} means the chest wall is on the right: flip.
 * A row direction with neither A nor P (a rotated image) says nothing about left and right here.</li>
 * <li>Laterality, as a mammography unit stores the image (the IHE Mammography Image convention, e.g.
 * left CC {@code A\R}, right CC {@code P\L}, left MLO {@code A\FR}, right MLO {@code P\FL}): images are
 * stored as they hang on the viewer, back to back, chest walls meeting in the middle. A LEFT breast,
 * hung on the right half, has its chest wall on its left: keep. A RIGHT breast, hung on the left half,
 * has its chest wall on its right: flip.</li>
 * <li>Otherwise the tissue: the breast is widest at the chest wall and tapers to the nipple, so the half
 * of the image holding more signal is the chest-wall side; flip when that is the right half.</li>
 * </ol>
 */
final class Orientation {
    private Orientation() {}

    /** Why a decision was taken, for tests and messages. */
    enum Basis {
        PATIENT_ORIENTATION, LATERALITY, TISSUE
    }

    /** A decision that the header alone could make, or {@code null}. */
    record Decision(boolean flip, Basis basis) {}

    /**
     * Decides from PatientOrientation and laterality.
     *
     * @param patientOrientation the values of (0020,0020), possibly empty
     * @return the decision, or {@code null} when only the pixels can tell
     */
    static Decision fromHeader(String[] patientOrientation, Laterality laterality) {
        if (patientOrientation != null && patientOrientation.length >= 1 && patientOrientation[0] != null) {
            String rows = patientOrientation[0].trim().toUpperCase();
            boolean anterior = rows.indexOf('A') >= 0;
            boolean posterior = rows.indexOf('P') >= 0;
            if (anterior != posterior) {
                return new Decision(posterior, Basis.PATIENT_ORIENTATION);
            }
        }
        if (laterality == Laterality.LEFT) {
            return new Decision(false, Basis.LATERALITY);
        }
        if (laterality == Laterality.RIGHT) {
            return new Decision(true, Basis.LATERALITY);
        }
        return null;
    }

    /** Decides from the rendered image: flip when the right half holds more signal than the left half. */
    static Decision fromTissue(float[] image, int width) {
        int half = width / 2;
        double left = 0;
        double right = 0;
        for (int rowStart = 0; rowStart < image.length; rowStart += width) {
            for (int c = 0; c < half; c++) {
                left += image[rowStart + c];
                right += image[rowStart + width - 1 - c];
            }
        }
        return new Decision(right > left, Basis.TISSUE);
    }

    /** PatientOrientation for an image stored as a mammography unit stores it (see rule 2). */
    static String[] asStored(Laterality laterality, String view) {
        boolean left = laterality == Laterality.LEFT;
        String rows = left ? "A" : "P";
        String columns;
        switch (view) {
            case "MLO":
                columns = left ? "FR" : "FL";
                break;
            case "ML":
            case "LM":
                columns = "F";
                break;
            default: // CC, XCCL, XCCM: the lateral side up
                columns = left ? "R" : "L";
        }
        return new String[] {rows, columns};
    }
}
