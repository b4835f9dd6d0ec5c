package org.deepminer.dicom;

import org.deepminer.api.data.Laterality;

/**
 * A digital mammography image to write: MG, For Presentation, MONOCHROME2, unsigned, one frame.
 *
 * @param identity patient, study, series and instance
 * @param width columns
 * @param height rows
 * @param bitsStored 8 to 16; pixels must fit
 * @param pixels {@code height * width} stored values, row-major, unsigned in the low bitsStored bits, laid out
 *        as a mammography unit stores them: chest wall on the left for a LEFT breast, on the right for a
 *        RIGHT breast (PatientOrientation A\R or P\L for CC, A\FR or P\FL for MLO)
 * @param laterality ImageLaterality
 * @param view ViewPosition: {@code CC} or {@code MLO} (also {@code ML}, {@code LM}, {@code XCCL}, {@code XCCM})
 * @param pixelSpacingMm ImagerPixelSpacing and PixelSpacing, square pixels
 * @param windowCenter WindowCenter for display
 * @param windowWidth WindowWidth for display
 */
public record MammogramObject(DicomIdentity identity, int width, int height, int bitsStored, short[] pixels,
        Laterality laterality, String view, double pixelSpacingMm, double windowCenter, double windowWidth) {
    public MammogramObject {
        if ((long) width * height != pixels.length) {
            throw new IllegalArgumentException(width + "x" + height + " image with " + pixels.length + " pixels");
        }
        if (bitsStored < 8 || bitsStored > 16) {
            throw new IllegalArgumentException("bitsStored must be 8-16, not " + bitsStored);
        }
    }
}
