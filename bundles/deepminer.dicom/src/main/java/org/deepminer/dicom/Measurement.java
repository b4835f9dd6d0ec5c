package org.deepminer.dicom;

import org.deepminer.api.vocab.Code;

/**
 * A numeric observation about a finding (an SR NUM item), e.g. a unit's score.
 *
 * @param concept what is measured
 * @param value the value, finite
 * @param unit its UCUM unit, e.g. {@link ReportCodes#NO_UNITS} or {@link ReportCodes#SCORE}
 */
public record Measurement(Code concept, double value, Code unit) {}
