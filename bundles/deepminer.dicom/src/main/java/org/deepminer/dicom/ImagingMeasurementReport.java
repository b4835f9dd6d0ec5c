package org.deepminer.dicom;

import java.util.List;

/**
 * What a Comprehensive SR following TID 1500 (Imaging Measurement Report) says about one image.
 *
 * <p>The writer adds what every such report of the platform carries: language of content en-US, observer
 * type Device, procedure reported ({@code 71651007, SCT, "Mammography"}), an image library entry for the
 * source image, the source in CurrentRequestedProcedureEvidenceSequence, and an empty
 * PerformedProcedureCodeSequence.
 *
 * @param source the image the findings were found on
 * @param seriesDescription SeriesDescription, e.g. {@code DeepMiner explanation}; may be empty
 * @param deviceObserverUid Device Observer UID: the same for every report of one model and method
 * @param deviceObserverName Device Observer Name, e.g. {@code DeepMiner}; may be empty
 * @param algorithmName Algorithm Name (TID 4019), e.g. the model; empty leaves the algorithm out
 * @param algorithmVersion Algorithm Version; needed with a name
 * @param findings the measurement groups tied to an image region (TID 1410), in order; may be empty (nothing
 *        explained)
 * @param imageMeasurements measurement groups about the whole image (TID 1501, no region), e.g. the class
 *        probabilities; written before the findings in Imaging Measurements; may be empty
 * @param evaluations coded statements about the whole image (CODE items of the report's Qualitative
 *        Evaluations container), e.g. the predicted class; may be empty
 * @param texts text statements about the whole image (TEXT items of the Qualitative Evaluations container),
 *        e.g. the explanation's sentence as {@link ReportCodes#IMPRESSION}; may be empty
 */
public record ImagingMeasurementReport(SourceImage source, String seriesDescription, String deviceObserverUid,
        String deviceObserverName, String algorithmName, String algorithmVersion, List<Finding> findings,
        List<ImageMeasurementGroup> imageMeasurements, List<QualitativeEvaluation> evaluations,
        List<TextObservation> texts) {
    public ImagingMeasurementReport {
        findings = findings == null ? List.of() : List.copyOf(findings);
        imageMeasurements = imageMeasurements == null ? List.of() : List.copyOf(imageMeasurements);
        evaluations = evaluations == null ? List.of() : List.copyOf(evaluations);
        texts = texts == null ? List.of() : List.copyOf(texts);
    }

    /** A report of findings only, without report-level measurements and statements. */
    public ImagingMeasurementReport(SourceImage source, String seriesDescription, String deviceObserverUid,
            String deviceObserverName, String algorithmName, String algorithmVersion, List<Finding> findings) {
        this(source, seriesDescription, deviceObserverUid, deviceObserverName, algorithmName, algorithmVersion,
                findings, List.of(), List.of(), List.of());
    }
}
