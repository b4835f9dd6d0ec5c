package org.deepminer.dicom;

import java.util.Set;

/**
 * How to read an image.
 *
 * @param modalities accepted values of Modality (0008,0060); others are refused with a clear error.
 *        Empty accepts any single-frame greyscale image (ROI masks, secondary captures)
 * @param canonical flip the image so that the chest wall is on the left for every breast: decided from
 *        PatientOrientation (row direction P: flip, A: keep), else from laterality as mammography units store
 *        images (RIGHT: flip, LEFT: keep), else from which half holds more tissue; the result says whether
 *        it flipped ({@code ImageMetadata.flipped})
 * @param keepIdentifiers also return patient name, id and birth date (off unless the user asks)
 * @param maxPixels refuse images with more pixels than this (absurd dimensions), e.g. 100 million
 */
public record DicomReadOptions(Set<String> modalities, boolean canonical, boolean keepIdentifiers, long maxPixels) {
    public DicomReadOptions {
        modalities = Set.copyOf(modalities);
    }

    /** Mammograms for models: MG, DX or CR, canonical orientation, no identifiers, at most 100 MP. */
    public static DicomReadOptions mammogram() {
        return new DicomReadOptions(Set.of("MG", "DX", "CR"), true, false, 100_000_000L);
    }

    /** Any single-frame grey image as stored (no flip): masks, secondary captures. */
    public static DicomReadOptions anyImage() {
        return new DicomReadOptions(Set.of(), false, false, 100_000_000L);
    }
}
