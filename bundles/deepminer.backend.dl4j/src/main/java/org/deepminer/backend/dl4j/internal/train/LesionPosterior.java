package org.deepminer.backend.dl4j.internal.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * P(pathology | the lesion's concepts), fitted on the training split's lesions: a multinomial logistic regression
 * on the concept indicators, with a Gaussian prior (variance 1) on each concept's weight so that a concept seen on
 * few lesions stays near the base rate.
 *
 * <p>Why: in screening, and in the phantom, pathology is drawn from the descriptors with probabilities (an irregular
 * mass is malignant 80 % of the time, an oval one 12 %). A lesion's hard label is one draw; on a few hundred
 * lesions the network can learn the draws instead of the descriptors. The posterior is the same signal without the
 * draw's noise, and it comes from the training annotations alone (CBIS-DDSM and VinDr-Mammo describe every lesion),
 * not from the phantom's own pathology model.
 */
public final class LesionPosterior {

    /** The prior's precision, as a number of lesions' worth of evidence spread over the weights. */
    static final double PRIOR = 1;
    static final int STEPS = 20_000;
    static final double RATE = 1;

    private final List<String> classes;
    private final Map<String, Integer> features;
    private final double[][] weights; // class x (features + 1 bias)

    private LesionPosterior(List<String> classes, Map<String, Integer> features, double[][] weights) {
        this.classes = classes;
        this.features = features;
        this.weights = weights;
    }

    /** One training lesion: its concepts and its pathology. */
    public record Example(List<String> concepts, String pathology) {}

    /**
     * Fits the posterior over {@code classes} (the lesion classes, e.g. benign and malignant) by full-batch gradient
     * descent; deterministic. Examples whose pathology is not one of them are left out.
     */
    public static LesionPosterior fit(List<String> classes, List<Example> examples) {
        Map<String, Integer> features = new TreeMap<>();
        List<Example> kept = new ArrayList<>();
        for (Example e : examples) {
            if (classes.contains(e.pathology())) {
                kept.add(e);
                e.concepts().forEach(c -> features.putIfAbsent(c, 0));
            }
        }
        int f = 0;
        for (Map.Entry<String, Integer> e : features.entrySet()) {
            e.setValue(f++);
        }
        int k = classes.size();
        double[][] w = new double[k][f + 1];
        int n = kept.size();
        if (n == 0 || k < 2) {
            return new LesionPosterior(List.copyOf(classes), features, w);
        }
        int[][] x = new int[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            Example e = kept.get(i);
            x[i] = e.concepts().stream().distinct().mapToInt(features::get).toArray();
            y[i] = classes.indexOf(e.pathology());
        }
        double[] p = new double[k];
        for (int step = 0; step < STEPS; step++) {
            double[][] grad = new double[k][f + 1];
            for (int i = 0; i < n; i++) {
                softmax(w, x[i], p);
                for (int c = 0; c < k; c++) {
                    double g = p[c] - (y[i] == c ? 1 : 0);
                    grad[c][f] += g;
                    for (int j : x[i]) {
                        grad[c][j] += g;
                    }
                }
            }
            for (int c = 0; c < k; c++) {
                for (int j = 0; j <= f; j++) {
                    double penalty = j == f ? 0 : PRIOR * w[c][j];
                    w[c][j] -= RATE * (grad[c][j] + penalty) / n;
                }
            }
        }
        return new LesionPosterior(List.copyOf(classes), features, w);
    }

    /** The lesion classes, in the order of {@link #of}. */
    public List<String> classes() {
        return classes;
    }

    /** P(class | concepts) over {@link #classes()}; concepts not seen in training are ignored. */
    public double[] of(List<String> concepts) {
        int[] x = concepts.stream().filter(features::containsKey).distinct().mapToInt(features::get).toArray();
        double[] p = new double[classes.size()];
        softmax(weights, x, p);
        return p;
    }

    private static void softmax(double[][] w, int[] x, double[] p) {
        int bias = w[0].length - 1;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double z = w[c][bias];
            for (int j : x) {
                z += w[c][j];
            }
            p[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < w.length; c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < w.length; c++) {
            p[c] /= sum;
        }
    }
}
