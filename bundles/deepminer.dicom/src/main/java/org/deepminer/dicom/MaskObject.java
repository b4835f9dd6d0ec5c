package org.deepminer.dicom;

import java.util.BitSet;

/**
 * A binary region of an image written as a DICOM image of the same size (0 outside, 255 inside), as
 * CBIS-DDSM stores its ROI masks.
 *
 * @param identity patient and study of the source image; new series and instance
 * @param width columns of the source image
 * @param height rows of the source image
 * @param pixels bit {@code row * width + col} set inside the region
 * @param sourceSopInstanceUid the image the mask belongs to (SourceImageSequence)
 * @param sourceSopClassUid its SOP class
 */
public record MaskObject(DicomIdentity identity, int width, int height, BitSet pixels, String sourceSopInstanceUid,
        String sourceSopClassUid) {
    public MaskObject {
        pixels = (BitSet) pixels.clone();
    }
}
