package org.deepminer.eval;

import java.util.Map;

/**
 * One classified item: a whole image or a patch.
 *
 * @param id the image or patch id (never a patient name or id)
 * @param caseId the case the item belongs to: bootstrap and cross-validation resample and split by case
 * @param trueClass the ground-truth class, one of {@link RunEvidence#classes()}
 * @param probabilities class name to the model's probability (or score) for that class; every class present
 */
public record ScoredItem(String id, String caseId, String trueClass, Map<String, Double> probabilities) {
    public ScoredItem {
        probabilities = Map.copyOf(probabilities);
    }
}
