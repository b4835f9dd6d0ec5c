package org.deepminer.eval.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.deepminer.eval.ImageEvidence;
import org.deepminer.eval.RunEvidence;
import org.deepminer.eval.ScoredItem;

/**
 * The curves and tables behind the plots (ROC points, confusion matrices, per-concept precision and recall,
 * deletion curves, IoU histograms). They need no random numbers, so the report recomputes them from the
 * evidence instead of carrying them through the evaluation.
 */
public final class Details {
    /** ROC curves are thinned to at most this many points per class: plenty for a 300-pixel plot. */
    static final int MAX_ROC_POINTS = 400;
    public static final int IOU_BINS = 20;

    private Details() {}

    /** (false-positive rate, true-positive rate) pairs from (0,0) to (1,1), one per distinct threshold. */
    public static double[][] roc(double[] scores, boolean[] positive) {
        int n = scores.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(scores[b] + 0.0, scores[a] + 0.0));
        long pos = 0;
        for (boolean p : positive) {
            pos += p ? 1 : 0;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return new double[0][];
        }
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, 0});
        long tp = 0;
        long fp = 0;
        int i = 0;
        while (i < n) {
            double s = scores[idx[i]];
            while (i < n && scores[idx[i]] == s) {
                if (positive[idx[i]]) {
                    tp++;
                } else {
                    fp++;
                }
                i++;
            }
            points.add(new double[] {fp / (double) neg, tp / (double) pos});
        }
        if (points.size() <= MAX_ROC_POINTS) {
            return points.toArray(double[][]::new);
        }
        double[][] thin = new double[MAX_ROC_POINTS][];
        for (int k = 0; k < MAX_ROC_POINTS; k++) {
            thin[k] = points.get((int) Math.round(k * (points.size() - 1) / (double) (MAX_ROC_POINTS - 1)));
        }
        return thin;
    }

    /** ROC points per class (one-vs-rest) of a list of scored items. */
    public static Map<String, double[][]> rocs(List<ScoredItem> items, List<String> classes) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (String c : classes) {
            double[] s = items.stream().mapToDouble(it -> it.probabilities().get(c)).toArray();
            boolean[] pos = new boolean[items.size()];
            for (int i = 0; i < pos.length; i++) {
                pos[i] = items.get(i).trueClass().equals(c);
            }
            out.put(c, roc(s, pos));
        }
        return out;
    }

    /** counts[true][predicted], prediction = the most probable class. */
    public static int[][] confusion(List<ScoredItem> items, List<String> classes) {
        int[][] m = new int[classes.size()][classes.size()];
        for (ScoredItem it : items) {
            m[classes.indexOf(it.trueClass())][RunMeasures.argmax(it.probabilities(), classes)]++;
        }
        return m;
    }

    /** The whole-image items: the scored list, or the evidence's when there is none. */
    public static List<ScoredItem> images(RunEvidence run) {
        if (!run.images().isEmpty()) {
            return run.images();
        }
        return run.evidence().stream().map(e -> new ScoredItem(e.id(), e.caseId(), e.trueClass(), e.probabilities()))
                .toList();
    }

    /**
     * One concept's agreement: how many explanations name it, how many reports hold it, how many both; its
     * prevalence in the reports is the precision of naming it at random.
     */
    public record ConceptBar(String concept, int named, int reported, int both, int images) {
        public double precision() {
            return named == 0 ? Double.NaN : both / (double) named;
        }

        public double recall() {
            return reported == 0 ? Double.NaN : both / (double) reported;
        }

        public double prevalence() {
            return images == 0 ? Double.NaN : reported / (double) images;
        }
    }

    /** Per-concept bars, the most reported concepts first. */
    public static List<ConceptBar> conceptBars(List<ImageEvidence> evidence) {
        TreeSet<String> ids = new TreeSet<>();
        for (ImageEvidence e : evidence) {
            ids.addAll(e.explanationConcepts());
            ids.addAll(e.reportConcepts());
        }
        Map<String, int[]> counts = new HashMap<>();
        for (String id : ids) {
            counts.put(id, new int[3]);
        }
        for (ImageEvidence e : evidence) {
            for (String id : new TreeSet<>(e.explanationConcepts())) {
                counts.get(id)[0]++;
                if (e.reportConcepts().contains(id)) {
                    counts.get(id)[2]++;
                }
            }
            for (String id : e.reportConcepts()) {
                counts.get(id)[1]++;
            }
        }
        List<ConceptBar> bars = new ArrayList<>();
        for (String id : ids) {
            int[] c = counts.get(id);
            bars.add(new ConceptBar(id, c[0], c[1], c[2], evidence.size()));
        }
        bars.sort(Comparator.comparingInt((ConceptBar b) -> -b.reported()).thenComparingInt(b -> -b.named())
                .thenComparing(ConceptBar::concept));
        return bars;
    }

    /**
     * How suspicious the model finds the images that carry one lesion concept: the images whose true lesions
     * hold it, how many of them are positive (the concept's observed malignancy rate, the reference the mean
     * score should follow), the mean score of the positive class, and the AUC of that score among these
     * images alone (NaN where all are positive or none is). A model blind to a descriptor gives its concepts
     * the same mean score whatever their malignancy rate.
     */
    public record ConceptMalignancy(String concept, int images, int positives, double meanScore, double auc) {
        public double positiveShare() {
            return images == 0 ? Double.NaN : positives / (double) images;
        }
    }

    /**
     * {@link ConceptMalignancy} per lesion concept of the run's evidence, the highest malignancy rate first
     * (then the most images); the last row, concept {@link #NO_FINDING}, is the images without any lesion
     * concept. Empty without evidence or without the positive class.
     */
    public static List<ConceptMalignancy> malignancyByConcept(RunEvidence r, String positive) {
        if (!r.classes().contains(positive) || r.evidence().isEmpty()) {
            return List.of();
        }
        Map<String, List<ImageEvidence>> byConcept = new java.util.TreeMap<>();
        List<ImageEvidence> none = new ArrayList<>();
        for (ImageEvidence e : r.evidence()) {
            if (e.lesionConcepts().isEmpty()) {
                none.add(e);
            }
            for (String c : e.lesionConcepts()) {
                byConcept.computeIfAbsent(c, k -> new ArrayList<>()).add(e);
            }
        }
        List<ConceptMalignancy> rows = new ArrayList<>();
        byConcept.forEach((c, images) -> rows.add(malignancy(c, images, positive)));
        rows.sort(Comparator.comparingDouble((ConceptMalignancy m) -> -m.positiveShare())
                .thenComparingInt(m -> -m.images()).thenComparing(ConceptMalignancy::concept));
        if (!none.isEmpty()) {
            rows.add(malignancy(NO_FINDING, none, positive));
        }
        return rows;
    }

    /**
     * {@link #malignancyByConcept} of several runs side by side: the concepts in the first run's order (then
     * those only the later runs have), and per run its row of each concept (absent where it has none).
     */
    public record MalignancyTable(List<String> concepts, List<Map<String, ConceptMalignancy>> runs) {}

    public static MalignancyTable malignancyTable(List<RunEvidence> runs) {
        List<String> concepts = new ArrayList<>();
        List<Map<String, ConceptMalignancy>> perRun = new ArrayList<>();
        for (RunEvidence r : runs) {
            Map<String, ConceptMalignancy> rows = new LinkedHashMap<>();
            for (ConceptMalignancy m : malignancyByConcept(r, MALIGNANT)) {
                rows.put(m.concept(), m);
                if (!concepts.contains(m.concept())) {
                    concepts.add(m.concept());
                }
            }
            perRun.add(rows);
        }
        // the images without findings stay last whichever run brought them
        if (concepts.remove(NO_FINDING)) {
            concepts.add(NO_FINDING);
        }
        return new MalignancyTable(concepts, perRun);
    }

    /** The row of {@link #malignancyByConcept} for the images without any lesion concept. */
    public static final String NO_FINDING = "";
    /** The class whose probability {@link #malignancyByConcept} reads in the reports. */
    public static final String MALIGNANT = "malignant";

    private static ConceptMalignancy malignancy(String concept, List<ImageEvidence> images, String positive) {
        double[] s = new double[images.size()];
        boolean[] pos = new boolean[images.size()];
        int positives = 0;
        double sum = 0;
        for (int i = 0; i < s.length; i++) {
            s[i] = images.get(i).probabilities().get(positive);
            pos[i] = images.get(i).trueClass().equals(positive);
            positives += pos[i] ? 1 : 0;
            sum += s[i];
        }
        return new ConceptMalignancy(concept, s.length, positives, sum / s.length,
                org.deepminer.core.stats.Auc.mannWhitney(s, pos));
    }

    /** Pointwise mean of curves of possibly different lengths, and how many curves reach each point. */
    public record MeanCurve(double[] mean, int[] count) {}

    public static MeanCurve meanCurve(List<double[]> curves) {
        int length = curves.stream().mapToInt(c -> c.length).max().orElse(0);
        double[] sum = new double[length];
        int[] count = new int[length];
        for (double[] c : curves) {
            for (int k = 0; k < c.length; k++) {
                if (Double.isFinite(c[k])) {
                    sum[k] += c[k];
                    count[k]++;
                }
            }
        }
        double[] mean = new double[length];
        for (int k = 0; k < length; k++) {
            mean[k] = count[k] == 0 ? Double.NaN : sum[k] / count[k];
        }
        return new MeanCurve(mean, count);
    }

    /** Counts of finite values in {@code bins} equal bins over [0, 1] (1.0 falls in the last bin). */
    public static int[] histogram(double[] values, int bins) {
        int[] h = new int[bins];
        for (double v : values) {
            if (Double.isFinite(v)) {
                int b = (int) Math.floor(Math.max(0, Math.min(1, v)) * bins);
                h[Math.min(b, bins - 1)]++;
            }
        }
        return h;
    }
}
