package org.deepminer.api.data;

import java.util.Map;

/**
 * Acquisition facts about an image, free of patient identifiers (no name, id or birth date ever reaches
 * the platform through this record).
 *
 * @param modality MG, DX, CR, or OT for non-DICOM images
 * @param laterality the breast
 * @param view CC, MLO, ... or empty
 * @param pixelSpacingMm row and column spacing in mm, or 0 when unknown
 * @param bitsStored bits stored of the source pixels
 * @param flipped whether the image was mirrored to reach the canonical orientation
 * @param references DICOM UIDs needed to refer to the source image from derived objects
 *        ({@code StudyInstanceUID}, {@code SeriesInstanceUID}, {@code SOPInstanceUID}, {@code SOPClassUID});
 *        empty for non-DICOM images
 */
public record ImageMetadata(String modality, Laterality laterality, String view, double pixelSpacingMm,
        int bitsStored, boolean flipped, Map<String, String> references) {
    public ImageMetadata {
        references = Map.copyOf(references);
    }
}
