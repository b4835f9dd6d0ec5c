package org.deepminer.dicom;

import org.deepminer.api.vocab.Code;

/**
 * A coded observation about a finding, e.g. ({@code 111037, DCM, "Margins"}) = ({@code 129742005, SCT,
 * "Spiculated lesion"}); {@link ReportCodes} has the BI-RADS concept names.
 *
 * @param concept what is evaluated (the concept name)
 * @param value the evaluation
 */
public record QualitativeEvaluation(Code concept, Code value) {}
