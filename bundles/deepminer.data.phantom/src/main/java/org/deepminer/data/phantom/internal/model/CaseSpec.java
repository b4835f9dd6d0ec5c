package org.deepminer.data.phantom.internal.model;

import java.util.List;
import org.deepminer.api.data.Laterality;

/**
 * One case: one breast of one synthetic patient, imaged in every requested view.
 *
 * @param index 0-based case number
 * @param caseId {@code P_00001}...
 * @param seed the case's seed; every random choice of the case derives from it
 * @param type the prior the lesions were drawn from
 * @param laterality the breast
 * @param density breast composition concept id
 * @param glandularFraction target fibroglandular fraction of the breast tissue
 * @param beta spectral exponent of the background texture
 * @param age patient age for the DDSM case file
 * @param lesions the lesions, incidental ones included
 */
public record CaseSpec(int index, String caseId, long seed, CaseType type, Laterality laterality, String density,
        double glandularFraction, double beta, int age, List<LesionSpec> lesions) {
    public CaseSpec {
        lesions = List.copyOf(lesions);
    }

    /** The lesions that make the class (all but the incidental ones). */
    public List<LesionSpec> findings() {
        return lesions.stream().filter(l -> !l.incidental()).toList();
    }

    /** normal, benign or malignant. */
    public String label() {
        List<LesionSpec> findings = findings();
        if (findings.stream().anyMatch(LesionSpec::malignant)) {
            return "malignant";
        }
        return findings.isEmpty() ? "normal" : "benign";
    }

    /** Posterior of the Bayes classifier that sees the true concepts of the lesions. */
    public double posteriorMalignant() {
        return PathologyModel.image(findings().stream().mapToDouble(LesionSpec::pMalignant).toArray());
    }

    /** The image's assessment: the most suspicious of its findings, 1 when there is none. */
    public String assessment() {
        String a = "1";
        for (LesionSpec l : findings()) {
            a = Assessments.max(a, l.assessment());
        }
        return a;
    }
}
