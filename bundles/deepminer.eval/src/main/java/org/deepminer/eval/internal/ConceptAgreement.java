package org.deepminer.eval.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.deepminer.api.DeepMinerException;

/**
 * The explanation's concepts against the report's, per image, micro-averaged: precision = named concepts that
 * the report holds / all named concepts, recall = report concepts named / all report concepts. Micro averages
 * keep one denominator for the explanation and both baselines (the class-prior baseline names as many
 * concepts as the explanation, a shuffle only moves reports around), so the three are directly comparable.
 *
 * <p>Beside the totals, per-image (macro) averages: the mean over images of each image's own precision, recall
 * and F1, so that an image with many concepts weighs no more than one with few. An image enters an average only
 * where its value is defined: precision needs a named concept, recall a reported one, and F1 (= 2 hits / (named +
 * reported)) either; an image whose explanation and report are both empty carries no evidence either way and is
 * left out rather than scored 1, which would reward naming nothing. The baselines use the same rule.
 *
 * <p>Two views: exact concept ids, and categories (a named concept counts when the report holds any concept
 * of its category; a concept without a category is its own category).
 */
public final class ConceptAgreement {

    /** True positives, named and reported concepts per image. */
    public record Tally(int[] truePositives, int[] named, int[] reported) {
        public double precision() {
            return ratio(truePositives, named, null);
        }

        public double recall() {
            return ratio(truePositives, reported, null);
        }

        public double f1() {
            return f1(precision(), recall());
        }

        public CaseBootstrap.Statistic precisionStatistic() {
            return w -> ratio(truePositives, named, w);
        }

        public CaseBootstrap.Statistic recallStatistic() {
            return w -> ratio(truePositives, reported, w);
        }

        public CaseBootstrap.Statistic f1Statistic() {
            return w -> f1(ratio(truePositives, named, w), ratio(truePositives, reported, w));
        }

        private static double ratio(int[] num, int[] den, int[] weight) {
            double n = 0;
            double d = 0;
            for (int i = 0; i < num.length; i++) {
                int w = weight == null ? 1 : weight[i];
                n += (double) w * num[i];
                d += (double) w * den[i];
            }
            return d == 0 ? Double.NaN : n / d;
        }

        /** Each image's precision: hits / named, NaN for an image that names nothing. */
        public double[] precisionPerImage() {
            return perImage(truePositives, named);
        }

        /** Each image's recall: hits / reported, NaN for an image whose report is empty. */
        public double[] recallPerImage() {
            return perImage(truePositives, reported);
        }

        /**
         * Each image's F1 as 2 hits / (named + reported): the harmonic mean of its precision and recall where
         * both are defined, 0 where only one side is empty (nothing named against a report, or only wrong
         * names), NaN where both are empty.
         */
        public double[] f1PerImage() {
            double[] out = new double[truePositives.length];
            for (int i = 0; i < out.length; i++) {
                int den = named[i] + reported[i];
                out[i] = den == 0 ? Double.NaN : 2.0 * truePositives[i] / den;
            }
            return out;
        }

        public double precisionMeanOverImages() {
            return RunMeasures.mean(precisionPerImage());
        }

        public double recallMeanOverImages() {
            return RunMeasures.mean(recallPerImage());
        }

        public double f1MeanOverImages() {
            return RunMeasures.mean(f1PerImage());
        }

        public CaseBootstrap.Statistic precisionPerImageStatistic() {
            return RunMeasures.weightedMean(precisionPerImage());
        }

        public CaseBootstrap.Statistic recallPerImageStatistic() {
            return RunMeasures.weightedMean(recallPerImage());
        }

        public CaseBootstrap.Statistic f1PerImageStatistic() {
            return RunMeasures.weightedMean(f1PerImage());
        }

        private static double[] perImage(int[] num, int[] den) {
            double[] out = new double[num.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = den[i] == 0 ? Double.NaN : num[i] / (double) den[i];
            }
            return out;
        }

        static double f1(double p, double r) {
            if (Double.isNaN(p) || Double.isNaN(r)) {
                return Double.NaN;
            }
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    /** Mean and sample standard deviation of precision, recall and F1 over the shuffles. */
    public record Spread(double precisionMean, double precisionSd, double recallMean, double recallSd, double f1Mean,
            double f1Sd) {}

    /**
     * One view (exact or by category): the explanation, the class-prior baseline, the shuffled baseline as
     * totals, and the shuffled baseline as per-image averages (averaged within each shuffle, then spread over
     * the shuffles).
     */
    public record View(Tally explanation, Tally classPrior, Spread shuffled, Spread shuffledPerImage) {}

    private final List<String> concepts;
    private final int[] categoryOf;
    private final int categoryCount;
    private final BitSet[] explanation;
    private final BitSet[] report;
    private final Cases cases;
    private final int[][] caseMembers;
    private final int[] predicted;
    private final int[] truth;
    private final int classCount;

    /**
     * @param explanations the concept ids each image's explanation names (duplicates count once)
     * @param reports the concept ids of each image's report
     * @param categories concept id to category; concepts missing here are their own category
     * @param cases the case of each image
     * @param predicted the predicted (explained) class index of each image
     * @param truth the true class index of each image
     * @param classCount how many classes
     */
    public ConceptAgreement(List<? extends List<String>> explanations, List<? extends Set<String>> reports,
            Map<String, String> categories, Cases cases, int[] predicted, int[] truth, int classCount) {
        int n = explanations.size();
        if (reports.size() != n || cases.items() != n || predicted.length != n || truth.length != n) {
            throw new IllegalArgumentException("per-image inputs differ in length");
        }
        // ids sorted, so that ties in the class-prior ranking break the same way whatever the input order
        TreeSet<String> all = new TreeSet<>();
        explanations.forEach(all::addAll);
        reports.forEach(all::addAll);
        concepts = List.copyOf(all);
        Map<String, Integer> conceptIndex = new HashMap<>();
        Map<String, Integer> categoryIndex = new HashMap<>();
        categoryOf = new int[concepts.size()];
        for (int c = 0; c < concepts.size(); c++) {
            String id = concepts.get(c);
            conceptIndex.put(id, c);
            String category = categories.get(id);
            String key = category == null || category.isEmpty() ? "id:" + id : category;
            categoryOf[c] = categoryIndex.computeIfAbsent(key, k -> categoryIndex.size());
        }
        categoryCount = categoryIndex.size();
        explanation = new BitSet[n];
        report = new BitSet[n];
        for (int i = 0; i < n; i++) {
            explanation[i] = bits(explanations.get(i), conceptIndex);
            report[i] = bits(reports.get(i), conceptIndex);
        }
        this.cases = cases;
        List<List<Integer>> members = new ArrayList<>();
        for (int k = 0; k < cases.count(); k++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            members.get(cases.caseOf(i)).add(i);
        }
        caseMembers = members.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        this.predicted = predicted.clone();
        this.truth = truth.clone();
        this.classCount = classCount;
    }

    private static BitSet bits(Iterable<String> ids, Map<String, Integer> index) {
        BitSet b = new BitSet(index.size());
        for (String id : ids) {
            b.set(index.get(id));
        }
        return b;
    }

    /** The concept ids, in index order (sorted). */
    public List<String> concepts() {
        return concepts;
    }

    /**
     * Both views with their baselines.
     *
     * @param shuffles how many report shuffles (each a different random assignment)
     * @param seed seed of the shuffles
     * @return {exact, byCategory}
     */
    public View[] evaluate(int shuffles, long seed) {
        if (shuffles < 2) {
            throw new IllegalArgumentException("at least 2 shuffles are needed for a spread, got " + shuffles);
        }
        BitSet[] prior = classPrior();
        View[] views = new View[2];
        for (int v = 0; v < 2; v++) {
            boolean byCategory = v == 1;
            Tally own = tally(explanation, report, byCategory);
            Tally baseline = tally(prior, report, byCategory);
            double[] p = new double[shuffles];
            double[] r = new double[shuffles];
            double[] f = new double[shuffles];
            double[] pImage = new double[shuffles];
            double[] rImage = new double[shuffles];
            double[] fImage = new double[shuffles];
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int s = 0; s < shuffles; s++) {
                int[] from = shuffleAcrossCases(rnd);
                BitSet[] shuffled = new BitSet[report.length];
                for (int i = 0; i < shuffled.length; i++) {
                    shuffled[i] = report[from[i]];
                }
                Tally t = tally(explanation, shuffled, byCategory);
                p[s] = t.precision();
                r[s] = t.recall();
                f[s] = t.f1();
                pImage[s] = t.precisionMeanOverImages();
                rImage[s] = t.recallMeanOverImages();
                fImage[s] = t.f1MeanOverImages();
            }
            views[v] = new View(own, baseline, new Spread(mean(p), sd(p), mean(r), sd(r), mean(f), sd(f)),
                    new Spread(mean(pImage), sd(pImage), mean(rImage), sd(rImage), mean(fImage), sd(fImage)));
        }
        return views;
    }

    /** Per-image tallies of named against reported concept sets. */
    public Tally tally(BitSet[] named, BitSet[] reported, boolean byCategory) {
        int n = named.length;
        int[] tp = new int[n];
        int[] nn = new int[n];
        int[] rr = new int[n];
        for (int i = 0; i < n; i++) {
            BitSet a = byCategory ? toCategories(named[i]) : named[i];
            BitSet b = byCategory ? toCategories(reported[i]) : reported[i];
            BitSet both = (BitSet) a.clone();
            both.and(b);
            tp[i] = both.cardinality();
            nn[i] = a.cardinality();
            rr[i] = b.cardinality();
        }
        return new Tally(tp, nn, rr);
    }

    public Tally explanationTally(boolean byCategory) {
        return tally(explanation, report, byCategory);
    }

    private BitSet toCategories(BitSet ids) {
        BitSet out = new BitSet(categoryCount);
        for (int c = ids.nextSetBit(0); c >= 0; c = ids.nextSetBit(c + 1)) {
            out.set(categoryOf[c]);
        }
        return out;
    }

    /**
     * The class-prior explanation of each image: the k concepts most often in the reports of images whose true
     * class is the image's predicted class, k = the number of distinct concepts the image's explanation
     * names. The counts leave out the image's whole case, so the baseline never sees the report it is scored
     * against (nor the other view of the same breast).
     */
    public BitSet[] classPrior() {
        int n = report.length;
        int v = concepts.size();
        int[][] counts = new int[classCount][v];
        for (int i = 0; i < n; i++) {
            int[] row = counts[truth[i]];
            for (int c = report[i].nextSetBit(0); c >= 0; c = report[i].nextSetBit(c + 1)) {
                row[c]++;
            }
        }
        BitSet[] out = new BitSet[n];
        int[] others = new int[v];
        Integer[] order = new Integer[v];
        for (int i = 0; i < n; i++) {
            int k = explanation[i].cardinality();
            out[i] = new BitSet(v);
            if (k == 0) {
                continue;
            }
            int pc = predicted[i];
            System.arraycopy(counts[pc], 0, others, 0, v);
            for (int j : caseMembers[cases.caseOf(i)]) {
                if (truth[j] == pc) {
                    for (int c = report[j].nextSetBit(0); c >= 0; c = report[j].nextSetBit(c + 1)) {
                        others[c]--;
                    }
                }
            }
            for (int c = 0; c < v; c++) {
                order[c] = c;
            }
            java.util.Arrays.sort(order, (a, b) -> others[a] != others[b] ? Integer.compare(others[b], others[a])
                    : Integer.compare(a, b));
            for (int t = 0; t < Math.min(k, v); t++) {
                out[i].set(order[t]);
            }
        }
        return out;
    }

    /**
     * A random assignment of reports to images where no image keeps a report of its own case (the other
     * view of the same breast would carry the same findings).
     *
     * @return for each image, the image whose report it gets
     */
    int[] shuffleAcrossCases(SplittableRandom rnd) {
        int n = report.length;
        int[] from = new int[n];
        for (int i = 0; i < n; i++) {
            from[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = from[i];
            from[i] = from[j];
            from[j] = t;
        }
        for (int i = 0; i < n; i++) {
            int tries = 0;
            while (cases.caseOf(from[i]) == cases.caseOf(i)) {
                if (++tries > 10 * n + 100) {
                    throw new DeepMinerException(null, "cannot shuffle reports across cases: one case holds "
                            + "most of the " + n + " images");
                }
                int j = rnd.nextInt(n);
                // swap only when both images end up with a report of another case
                if (cases.caseOf(from[j]) != cases.caseOf(i) && cases.caseOf(from[i]) != cases.caseOf(j)) {
                    int t = from[i];
                    from[i] = from[j];
                    from[j] = t;
                }
            }
        }
        return from;
    }

    static double mean(double[] a) {
        double s = 0;
        int n = 0;
        for (double x : a) {
            if (!Double.isNaN(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    static double sd(double[] a) {
        double m = mean(a);
        double s = 0;
        int n = 0;
        for (double x : a) {
            if (!Double.isNaN(x)) {
                s += (x - m) * (x - m);
                n++;
            }
        }
        return n < 2 ? Double.NaN : Math.sqrt(s / (n - 1));
    }
}
