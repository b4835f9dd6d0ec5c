package org.deepminer.eval.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A "reader" that guesses benign vs malignant from a bag of concept words only: a binary bag-of-concepts
 * logistic regression, cross-validated by case, so no image is judged by a model that saw its case.
 */
public final class ReaderAnalog {

    /** Out-of-fold guesses and their summary. */
    public record Result(boolean[] guessedMalignant, boolean[] malignant, double accuracy, double sensitivity,
            double specificity) {}

    private ReaderAnalog() {}

    /**
     * @param words the concepts the reader sees for each image
     * @param malignant each image's true pathology
     * @param cases the case of each image
     * @param folds cross-validation folds
     * @param lambda L2 penalty
     */
    public static Result crossValidate(List<? extends Collection<String>> words, boolean[] malignant, Cases cases,
            int folds, double lambda, long seed) {
        int n = words.size();
        TreeSet<String> vocabulary = new TreeSet<>();
        words.forEach(vocabulary::addAll);
        Map<String, Integer> index = new HashMap<>();
        for (String w : vocabulary) {
            index.put(w, index.size());
        }
        int d = index.size();
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (String w : words.get(i)) {
                x[i * d + index.get(w)] = 1;
            }
        }
        int k = Math.min(folds, Math.max(2, cases.count()));
        int[] fold = CaseFolds.assign(cases, malignant, k, seed);
        boolean[] guess = new boolean[n];
        for (int f = 0; f < k; f++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                (fold[i] == f ? test : train).add(i);
            }
            if (test.isEmpty()) {
                continue;
            }
            LogisticRegression model = LogisticRegression.fit(x, malignant,
                    train.stream().mapToInt(Integer::intValue).toArray(), d, lambda);
            for (int i : test) {
                guess[i] = model.probability(x, i, d) > 0.5;
            }
        }
        return summarise(guess, malignant);
    }

    /** Accuracy, sensitivity (malignant found) and specificity (benign kept) of guesses. */
    public static Result summarise(boolean[] guess, boolean[] malignant) {
        int tp = 0;
        int tn = 0;
        int pos = 0;
        int neg = 0;
        for (int i = 0; i < guess.length; i++) {
            if (malignant[i]) {
                pos++;
                tp += guess[i] ? 1 : 0;
            } else {
                neg++;
                tn += guess[i] ? 0 : 1;
            }
        }
        int n = pos + neg;
        return new Result(guess.clone(), malignant.clone(), n == 0 ? Double.NaN : (tp + tn) / (double) n,
                pos == 0 ? Double.NaN : tp / (double) pos, neg == 0 ? Double.NaN : tn / (double) neg);
    }

    /** Accuracy under bootstrap weights. */
    public static CaseBootstrap.Statistic accuracyStatistic(boolean[] guess, boolean[] truth) {
        return w -> {
            double right = 0;
            double all = 0;
            for (int i = 0; i < guess.length; i++) {
                all += w[i];
                right += guess[i] == truth[i] ? w[i] : 0;
            }
            return all == 0 ? Double.NaN : right / all;
        };
    }
}
