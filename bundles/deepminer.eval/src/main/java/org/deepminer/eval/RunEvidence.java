package org.deepminer.eval;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Everything measured on one run over one split, as the collector hands it over.
 *
 * @param name the run's name, e.g. {@code demo-concepts}: a column group in the report
 * @param provenance model sha256, dataset, split, parameters: printed under every table and plot
 * @param classes class names in the model's order
 * @param images whole-image scores
 * @param patches patch scores; may be empty
 * @param evidence per-image explanation, ablation and localisation evidence
 * @param units the top units of each class with their labels
 * @param controlUnits the same table for the random-weights control network
 * @param ceilings the best any method can reach, e.g. {@code auc.malignant}, {@code auc.benign},
 *        {@code auc.normal}, {@code accuracy.benign-vs-malignant}; empty for real data
 * @param kappa inter-annotator agreement of the expert labels, when there are several annotators
 * @param gallery example explanations, correct and wrong
 * @param conceptTerms concept id to preferred term
 * @param conceptCategories concept id to category
 */
public record RunEvidence(String name, Map<String, String> provenance, List<String> classes, List<ScoredItem> images,
        List<ScoredItem> patches, List<ImageEvidence> evidence, List<UnitRow> units, List<UnitRow> controlUnits,
        Map<String, Double> ceilings, OptionalDouble kappa, List<GalleryItem> gallery,
        Map<String, String> conceptTerms, Map<String, String> conceptCategories) {
    public RunEvidence {
        provenance = Map.copyOf(provenance);
        classes = List.copyOf(classes);
        images = List.copyOf(images);
        patches = List.copyOf(patches);
        evidence = List.copyOf(evidence);
        units = List.copyOf(units);
        controlUnits = List.copyOf(controlUnits);
        ceilings = Map.copyOf(ceilings);
        kappa = kappa == null ? OptionalDouble.empty() : kappa;
        gallery = List.copyOf(gallery);
        conceptTerms = Map.copyOf(conceptTerms);
        conceptCategories = Map.copyOf(conceptCategories);
    }
}
