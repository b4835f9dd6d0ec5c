package org.deepminer.dicom;

import java.util.List;

/**
 * A DICOM Segmentation of one source image: one frame per segment, each of the source's size, derived
 * from the source image (DerivationImageSequence) and without a frame of reference, as a projection
 * mammogram has none.
 *
 * @param source the image segmented; its width and height are the frame size
 * @param type BINARY or FRACTIONAL (probability, maximum fractional value 255)
 * @param seriesDescription SeriesDescription, may be empty
 * @param segments at least one, numbered from 1 in this order
 */
public record SegmentationObject(SourceImage source, SegmentationType type, String seriesDescription,
        List<Segment> segments) {
    public SegmentationObject {
        segments = segments == null ? List.of() : List.copyOf(segments);
    }
}
