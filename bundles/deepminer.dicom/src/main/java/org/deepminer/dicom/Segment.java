package org.deepminer.dicom;

import org.deepminer.api.vocab.Code;

/**
 * One segment of a segmentation: one frame of the size of the source image.
 *
 * @param label SegmentLabel, e.g. {@code unit 42: spiculated}
 * @param algorithmName SegmentAlgorithmName (the segment is AUTOMATIC), e.g. {@code DeepMiner CAM}
 * @param category SegmentedPropertyCategoryCodeSequence, e.g. {@link ReportCodes#MORPHOLOGICALLY_ABNORMAL_STRUCTURE}
 * @param type SegmentedPropertyTypeCodeSequence, e.g. {@link ReportCodes#MASS}
 * @param values {@code height * width} values in [0, 1], row-major, in the pixel space {@link SourceImage}
 *        describes; not copied. FRACTIONAL stores {@code round(255 * v)}; BINARY sets the pixels with
 *        {@code v >= 0.5}
 */
public record Segment(String label, String algorithmName, Code category, Code type, float[] values) {}
