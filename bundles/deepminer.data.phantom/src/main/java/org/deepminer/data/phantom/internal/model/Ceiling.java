package org.deepminer.data.phantom.internal.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a classifier that sees the true concepts of each image can reach on a generated set: the Bayes
 * posterior P(malignant | concepts) of {@link PathologyModel} as its score.
 *
 * @param images images scored
 * @param malignantAuc AUC of malignant vs rest (normal and benign), NaN when a class is missing
 * @param benignMalignantAccuracy on images with a finding: accuracy of "malignant iff posterior > 0.5"
 * @param expectedAccuracy the Bayes classifier's expected accuracy on the same images, mean of max(p, 1-p)
 * @param lesionImages images with a finding (benign or malignant)
 */
public record Ceiling(int images, double malignantAuc, double benignMalignantAccuracy, double expectedAccuracy,
        int lesionImages) {

    /** One scored image. */
    public record Scored(String label, double posterior) {}

    public static Ceiling of(List<Scored> images) {
        int n = images.size();
        double[] scores = new double[n];
        boolean[] malignant = new boolean[n];
        int lesionImages = 0;
        int correct = 0;
        double expected = 0;
        for (int i = 0; i < n; i++) {
            Scored s = images.get(i);
            scores[i] = s.posterior();
            malignant[i] = s.label().equals("malignant");
            if (!s.label().equals("normal")) {
                lesionImages++;
                boolean predicted = s.posterior() > 0.5;
                if (predicted == malignant[i]) {
                    correct++;
                }
                expected += Math.max(s.posterior(), 1 - s.posterior());
            }
        }
        return new Ceiling(n, Auc.of(scores, malignant), lesionImages == 0 ? Double.NaN : correct / (double) lesionImages,
                lesionImages == 0 ? Double.NaN : expected / lesionImages, lesionImages);
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", images);
        m.put("malignant_vs_rest_auc", round(malignantAuc));
        m.put("lesion_images", lesionImages);
        m.put("benign_vs_malignant_accuracy", round(benignMalignantAccuracy));
        m.put("benign_vs_malignant_expected_accuracy", round(expectedAccuracy));
        return m;
    }

    static Object round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10000) / 10000.0;
    }
}
