package org.deepminer.annotate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepminer.api.annotate.UnitKey;

/**
 * Inter-annotator agreement over the experts' latest entries of a model layer ({@link Agreement#of}).
 *
 * @param annotators the experts, by name (automatic labels are not a rater)
 * @param units units any expert rated
 * @param concepts kappa over concepts (each entry's first concept, or "no label"): Cohen's for two experts,
 *        Fleiss' over the units all rated for more
 * @param categories the same over the concepts' vocabulary categories (undefined without a vocabulary)
 * @param pairs Cohen's kappa of every pair of experts, over the units both rated
 * @param consensus the consensus of each unit an expert rated, in unit order
 */
public record AgreementReport(List<String> annotators, int units, Kappa concepts, Kappa categories,
        List<PairAgreement> pairs, Map<UnitKey, Consensus> consensus) {
    public AgreementReport {
        annotators = List.copyOf(annotators);
        pairs = List.copyOf(pairs);
        consensus = Collections.unmodifiableMap(new LinkedHashMap<>(consensus)); // keeps unit order
    }

    /**
     * @param first one expert
     * @param second the other
     * @param concepts Cohen's kappa over concepts
     * @param categories Cohen's kappa over categories
     */
    public record PairAgreement(String first, String second, Kappa concepts, Kappa categories) {}
}
