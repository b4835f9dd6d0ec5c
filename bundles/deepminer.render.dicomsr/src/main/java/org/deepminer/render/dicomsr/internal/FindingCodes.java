package org.deepminer.render.dicomsr.internal;

import java.util.List;
import java.util.Optional;
import org.deepminer.api.vocab.Code;
import org.deepminer.api.vocab.Concept;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.deepminer.dicom.QualitativeEvaluation;
import org.deepminer.dicom.ReportCodes;

/**
 * How a unit's concept becomes a coded TID 1410 finding: a descriptor of a mass (shape, margin, density)
 * is a mass with that descriptor as a qualitative evaluation, a calcification descriptor a calcification
 * cluster with it, a composition the breast with it; a finding, associated feature or anatomy concept is
 * the finding itself. A concept without a code (e.g. {@code asymmetry}, the assessments, most anatomy)
 * has no coded finding: the unit is then reported as its activation area, its label as text.
 */
final class FindingCodes {
    private FindingCodes() {}

    /** The finding and its BI-RADS evaluations. */
    record Coded(Code finding, List<QualitativeEvaluation> evaluations) {}

    static Optional<Coded> of(Concept concept, ConceptVocabulary vocabulary) {
        Optional<Code> code = concept.code();
        if (code.isEmpty()) {
            return Optional.empty();
        }
        Code value = code.get();
        Code mass = findingCode(vocabulary, "finding-mass", ReportCodes.MASS);
        Code calcifications = findingCode(vocabulary, "finding-calcification",
                new Code("SCT", "129769006", "Calcification cluster"));
        return Optional.of(switch (concept.category()) {
            case "mass shape" -> new Coded(mass, List.of(new QualitativeEvaluation(ReportCodes.SHAPE, value)));
            case "mass margin" -> new Coded(mass, List.of(new QualitativeEvaluation(ReportCodes.MARGINS, value)));
            case "mass density" -> new Coded(mass, List.of(new QualitativeEvaluation(ReportCodes.LESION_DENSITY, value)));
            case "calcification type" -> new Coded(calcifications,
                    List.of(new QualitativeEvaluation(ReportCodes.CALCIFICATION_TYPE, value)));
            case "calcification distribution" -> new Coded(calcifications,
                    List.of(new QualitativeEvaluation(ReportCodes.CALCIFICATION_DISTRIBUTION, value)));
            case "breast composition" -> new Coded(ReportCodes.BREAST,
                    List.of(new QualitativeEvaluation(ReportCodes.BREAST_COMPOSITION, value)));
            default -> new Coded(value, List.of());
        });
    }

    private static Code findingCode(ConceptVocabulary vocabulary, String id, Code fallback) {
        return vocabulary.concept(id).flatMap(Concept::code).orElse(fallback);
    }
}
