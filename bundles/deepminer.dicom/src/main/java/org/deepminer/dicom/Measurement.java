package org.deepminer.dicom;

import java.util.List;
import org.deepminer.api.vocab.Code;

/**
 * A numeric observation (an SR NUM item), e.g. a unit's score or a class probability.
 *
 * @param concept what is measured
 * @param value the value, finite
 * @param unit its UCUM unit, e.g. {@link ReportCodes#NO_UNITS} or {@link ReportCodes#SCORE}
 * @param modifiers coded concept modifiers of the number (HAS CONCEPT MOD, TID 300 row 2), e.g.
 *        {@link ReportCodes#CLASS} = the class a probability is of; in order, may be empty
 */
public record Measurement(Code concept, double value, Code unit, List<QualitativeEvaluation> modifiers) {
    public Measurement {
        modifiers = modifiers == null ? List.of() : List.copyOf(modifiers);
    }

    /** A number without modifiers. */
    public Measurement(Code concept, double value, Code unit) {
        this(concept, value, unit, List.of());
    }
}
