package org.deepminer.dicom;

import java.util.List;
import org.deepminer.api.vocab.Code;

/**
 * One explained finding: a measurement group of a TID 1500 report (TID 1410, planar ROI).
 *
 * @param trackingId Tracking Identifier, human-readable and unique within the report (e.g. {@code unit 42})
 * @param trackingUid Tracking Unique Identifier; empty or {@code null} to have one made
 * @param finding what was found, e.g. {@link ReportCodes#MASS}
 * @param findingSite where, e.g. {@link ReportCodes#LEFT_BREAST}; {@code null} leaves it out
 * @param region the image region it was selected from
 * @param evaluations coded observations (BI-RADS descriptors, assessment), in order
 * @param measurements numeric observations (unit number, score), in order
 * @param texts text observations (unit label), in order
 */
public record Finding(String trackingId, String trackingUid, Code finding, Code findingSite, ImageRegion region,
        List<QualitativeEvaluation> evaluations, List<Measurement> measurements, List<TextObservation> texts) {
    public Finding {
        evaluations = evaluations == null ? List.of() : List.copyOf(evaluations);
        measurements = measurements == null ? List.of() : List.copyOf(measurements);
        texts = texts == null ? List.of() : List.copyOf(texts);
    }
}
