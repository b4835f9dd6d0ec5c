package org.deepminer.dicom;

import java.util.List;

/**
 * Measurements about the whole image rather than a region of it, e.g. the classifier's class probabilities:
 * a TID 1501 measurement group of a TID 1500 report, without image region.
 *
 * @param trackingId Tracking Identifier, human-readable and unique within the report, findings included (e.g.
 *        {@code image classification})
 * @param trackingUid Tracking Unique Identifier; empty or {@code null} to have one made
 * @param measurements the numbers, in order, at least one
 */
public record ImageMeasurementGroup(String trackingId, String trackingUid, List<Measurement> measurements) {
    public ImageMeasurementGroup {
        measurements = measurements == null ? List.of() : List.copyOf(measurements);
    }
}
