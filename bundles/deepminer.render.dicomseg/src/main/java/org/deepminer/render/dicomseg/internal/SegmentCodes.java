package org.deepminer.render.dicomseg.internal;

import java.util.Optional;
import org.deepminer.api.vocab.Code;
import org.deepminer.api.vocab.Concept;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.deepminer.dicom.ReportCodes;

/**
 * What a unit's heatmap segments, as DICOM codes (SegmentedPropertyCategory and Type): a mass descriptor
 * segments a mass, a calcification descriptor a calcification cluster, a composition the breast, a finding or
 * anatomy concept itself (the same findings as the dicom-sr renderer's). A unit without a coded concept
 * segments its own activation, in the platform's private scheme.
 */
final class SegmentCodes {
    private SegmentCodes() {}

    static final Code ANATOMICAL_STRUCTURE = new Code("SCT", "123037004", "Anatomical Structure");
    /** The explained class's probability map, which has no code of its own. */
    static final Code CLASS_PROBABILITY = new Code(ReportCodes.DEEPMINER_SCHEME, "class-map",
            "Class probability map");

    record Coded(Code category, Code type) {}

    /** The codes of an unlabelled unit, or of a concept without code. */
    static final Coded ACTIVATION = new Coded(ReportCodes.TISSUE, ReportCodes.UNIT_ACTIVATION);

    static Coded of(Optional<Concept> concept, ConceptVocabulary vocabulary) {
        if (concept.isEmpty() || concept.get().code().isEmpty()) {
            return ACTIVATION;
        }
        Concept c = concept.get();
        Code own = c.code().get();
        return switch (c.category()) {
            case "mass shape", "mass margin", "mass density" -> new Coded(ReportCodes.MORPHOLOGICALLY_ABNORMAL_STRUCTURE,
                    finding(vocabulary, "finding-mass", ReportCodes.MASS));
            case "calcification type", "calcification distribution" -> new Coded(
                    ReportCodes.MORPHOLOGICALLY_ABNORMAL_STRUCTURE, finding(vocabulary, "finding-calcification",
                            new Code("SCT", "129769006", "Calcification cluster")));
            case "breast composition" -> new Coded(ANATOMICAL_STRUCTURE, ReportCodes.BREAST);
            case "anatomy" -> new Coded(ANATOMICAL_STRUCTURE, own);
            default -> new Coded(ReportCodes.MORPHOLOGICALLY_ABNORMAL_STRUCTURE, own);
        };
    }

    private static Code finding(ConceptVocabulary vocabulary, String id, Code fallback) {
        return vocabulary.concept(id).flatMap(Concept::code).orElse(fallback);
    }
}
