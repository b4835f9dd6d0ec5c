package org.deepminer.eval;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the explainer and the ablation said about one whole image, with the image's ground truth.
 *
 * @param id the image id
 * @param caseId its case: baselines and cross-validation never mix an image with its own case
 * @param trueClass ground-truth class
 * @param probabilities class name to probability; every class present
 * @param predicted the predicted class
 * @param explained the class the explanation is for (usually the predicted one)
 * @param explanationConcepts concept ids of the shown labelled units, in order (may be empty)
 * @param reportConcepts concept ids of the ground-truth report
 * @param lesionConcepts true concepts of the image's lesions (what the reader ceiling sees)
 * @param truePathology "benign", "malignant" or "" for normal
 * @param pointingHit 1 when the heatmap's maximum lies in a lesion, else 0; NaN when the image has no lesion
 * @param heatmapIou IoU of the thresholded heatmap with the lesion mask; NaN when no lesion
 * @param explainedDrop drop of the explained class's score when the explained units are zeroed
 * @param randomDrops drops when as many random units are zeroed, one per draw
 * @param top20RandomDrops drops when as many random units from the same top-20 are zeroed, one per draw
 * @param deletionCurve class score after removing the top 0, 1, 2, ... n ranked units (index 0 = intact)
 * @param pointingBaseline lesion area / breast area: the hit rate of a uniformly random point, and the IoU a
 *        heatmap covering the whole breast would get; NaN when no lesion
 * @param randomDeletionCurve class score after removing 0, 1, 2, ... n random units (mean over draws); the
 *        deletion curve's baseline; may be empty
 */
public record ImageEvidence(String id, String caseId, String trueClass, Map<String, Double> probabilities,
        String predicted, String explained, List<String> explanationConcepts, Set<String> reportConcepts,
        Set<String> lesionConcepts, String truePathology, double pointingHit, double heatmapIou,
        double explainedDrop, double[] randomDrops, double[] top20RandomDrops, double[] deletionCurve,
        double pointingBaseline, double[] randomDeletionCurve) {
    public ImageEvidence {
        probabilities = Map.copyOf(probabilities);
        explanationConcepts = List.copyOf(explanationConcepts);
        reportConcepts = Set.copyOf(reportConcepts);
        lesionConcepts = Set.copyOf(lesionConcepts);
        truePathology = truePathology == null ? "" : truePathology;
        randomDrops = copy(randomDrops);
        top20RandomDrops = copy(top20RandomDrops);
        deletionCurve = copy(deletionCurve);
        randomDeletionCurve = copy(randomDeletionCurve);
    }

    /** The contract as first published (without the localisation baseline and the random deletion curve). */
    public ImageEvidence(String id, String caseId, String trueClass, Map<String, Double> probabilities,
            String predicted, String explained, List<String> explanationConcepts, Set<String> reportConcepts,
            Set<String> lesionConcepts, String truePathology, double pointingHit, double heatmapIou,
            double explainedDrop, double[] randomDrops, double[] top20RandomDrops, double[] deletionCurve) {
        this(id, caseId, trueClass, probabilities, predicted, explained, explanationConcepts, reportConcepts,
                lesionConcepts, truePathology, pointingHit, heatmapIou, explainedDrop, randomDrops, top20RandomDrops,
                deletionCurve, Double.NaN, new double[0]);
    }

    private static double[] copy(double[] a) {
        return a == null ? new double[0] : a.clone();
    }
}
