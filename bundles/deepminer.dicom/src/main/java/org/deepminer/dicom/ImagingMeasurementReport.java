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
 * @param findings the measurement groups, in order; may be empty (nothing explained)
 */
public record ImagingMeasurementReport(SourceImage source, String seriesDescription, String deviceObserverUid,
        String deviceObserverName, String algorithmName, String algorithmVersion, List<Finding> findings) {
    public ImagingMeasurementReport {
        findings = findings == null ? List.of() : List.copyOf(findings);
    }
}
