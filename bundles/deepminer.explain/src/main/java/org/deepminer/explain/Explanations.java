package org.deepminer.explain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deepminer.api.explain.UnitContribution;
import org.deepminer.api.explain.UnitLabel;

/**
 * The choice of what an explanation shows (METHOD.md §6): the units ranked by {@code w[c][k] * max A_k} for
 * the explained class, the first {@code shown} labelled units among the first {@code top} (units with a
 * score of zero or below never explain a class: they speak against it), and the sentence made of their
 * labels' terms. When the run has no labels at all, the first units are shown by number, so that an
 * unlabelled run still explains something and says why it has no words.
 */
public final class Explanations {
    private Explanations() {}

    /**
     * @param forward the image's layer
     * @param classIndex the explained class
     * @param labels the run's labels by unit (may be empty)
     * @param top how many ranked units are searched for labels
     * @param shown how many labelled units are shown
     */
    public static List<UnitContribution> choose(ImageForward forward, int classIndex, Map<Integer, UnitLabel> labels,
            int top, int shown) {
        int[] ranking = forward.ranking(classIndex);
        double[] max = forward.maxima();
        List<UnitContribution> out = new ArrayList<>();
        boolean unlabelledRun = labels.isEmpty();
        for (int r = 0; r < Math.min(top, ranking.length) && out.size() < shown; r++) {
            int k = ranking[r];
            double w = forward.head().weight(classIndex, k);
            if (w * max[k] <= 0) {
                break;
            }
            Optional<UnitLabel> label = Optional.ofNullable(labels.get(k));
            if (label.isPresent() || unlabelledRun) {
                out.add(new UnitContribution(k, r + 1, w, max[k], label, forward.unitMap(k)));
            }
        }
        return out;
    }

    /**
     * "malignant (0.91): spiculated mass margin, fine pleomorphic calcifications": the class, its probability
     * and the shown units' terms, each once, in rank order. Unlabelled units are named by number.
     */
    public static String sentence(String explained, double probability, List<UnitContribution> units, boolean runHasLabels,
            int top) {
        String head = String.format(Locale.ROOT, "%s (%.2f)", explained, probability);
        if (units.isEmpty()) {
            return head + ": " + (runHasLabels ? "no labelled unit among the top " + top + " units for this class"
                    : "no unit speaks for this class");
        }
        Set<String> words = new LinkedHashSet<>();
        for (UnitContribution u : units) {
            words.add(u.label().map(UnitLabel::term).orElse("unit " + u.unit()));
        }
        String s = head + ": " + String.join(", ", words);
        return runHasLabels ? s : s + " (the run has no unit labels: run deepminer:autolabel or annotate the units)";
    }

    /** Indices of the {@code n} first units of a ranking with a positive score. */
    public static int[] topPositive(ImageForward forward, int classIndex, int n) {
        int[] ranking = forward.ranking(classIndex);
        double[] s = forward.unitScores(classIndex);
        int count = 0;
        while (count < Math.min(n, ranking.length) && s[ranking[count]] > 0) {
            count++;
        }
        return java.util.Arrays.copyOf(ranking, count);
    }
}
