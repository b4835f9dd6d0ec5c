package org.deepminer.dicom;

/** How a segmentation stores its segments. */
public enum SegmentationType {
    /** One bit per pixel: in the segment or not (a thresholded region). */
    BINARY,
    /** Eight bits per pixel, 0 to 255 for 0 to 1: a probability-like map (a heatmap). */
    FRACTIONAL
}
