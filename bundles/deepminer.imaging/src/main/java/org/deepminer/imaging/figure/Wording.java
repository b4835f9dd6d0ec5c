package org.deepminer.imaging.figure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.deepminer.api.data.GroundTruth;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.UnitContribution;
import org.deepminer.api.explain.UnitLabel;

/**
 * The words every renderer uses for the same things, so that the text, the figure and the HTML page say
 * the same: how a unit is named, how its label and the label's evidence read, how numbers print.
 */
public final class Wording {
    private Wording() {}

    /** {@code unit 42}. */
    public static String unitName(UnitContribution unit) {
        return "unit " + unit.unit();
    }

    /** The unit's concept term, or its number when it has no label. */
    public static String term(UnitContribution unit) {
        return unit.label().map(UnitLabel::term).filter(t -> !t.isBlank()).orElse(unitName(unit));
    }

    /** {@code expert} or {@code auto}. */
    public static String source(UnitLabel label) {
        return label.source().name().toLowerCase(Locale.ROOT);
    }

    /** What the label's score means: {@code IoU 0.31} for an automatic label, {@code confidence 0.80} for an expert's. */
    public static String evidence(UnitLabel label) {
        return (label.source() == UnitLabel.Source.AUTO ? "IoU " : "confidence ") + fixed(label.score(), 2);
    }

    /** {@code spiculated (expert, confidence 0.80)}, or {@code unlabelled} for a unit without label. */
    public static String labelSummary(UnitContribution unit) {
        Optional<UnitLabel> label = unit.label();
        if (label.isEmpty()) {
            return "unlabelled";
        }
        UnitLabel l = label.get();
        return l.term() + " (" + source(l) + ", " + evidence(l) + ")";
    }

    /** {@code #1 unit 42: spiculated (expert, confidence 0.80)}: a panel caption. */
    public static String caption(UnitContribution unit) {
        return "#" + unit.rank() + " " + unitName(unit) + ": " + labelSummary(unit);
    }

    /** {@code score 0.873 = 0.412 x 2.12}. */
    public static String score(UnitContribution unit) {
        return "score " + fixed(unit.score(), 3) + " = " + fixed(unit.weight(), 3) + " x " + fixed(unit.maxActivation(), 3);
    }

    /** The class probabilities, most probable first (ties by name). */
    public static List<Map.Entry<String, Double>> probabilities(Explanation explanation) {
        List<Map.Entry<String, Double>> entries = new ArrayList<>(explanation.probabilities().entrySet());
        entries.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        return entries;
    }

    /** {@code malignant 0.91, benign 0.07, normal 0.02}. */
    public static String probabilityLine(Explanation explanation) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Double> e : probabilities(explanation)) {
            b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(fixed(e.getValue(), 2));
        }
        return b.toString();
    }

    /**
     * Why a figure or a page shows no unit, or names units by number; empty when the units are labelled.
     */
    public static Optional<String> unitsNote(Explanation explanation) {
        if (explanation.units().isEmpty()) {
            return Optional.of("No units to show: the run has no unit labels, or no unit contributed to '"
                    + explanation.explained() + "'. Label units (annotations or a dissection run) to explain in words.");
        }
        if (explanation.units().stream().noneMatch(u -> u.label().isPresent())) {
            return Optional.of("None of the shown units has a label: they are named by number. "
                    + "Label units (annotations or a dissection run) to explain in words.");
        }
        return Optional.empty();
    }

    /** {@code lesion L1: mass, malignant; margin-spiculated, shape-irregular; BI-RADS 5}. */
    public static String lesion(Lesion lesion, Privacy privacy) {
        StringBuilder b = new StringBuilder("lesion ").append(privacy.clean(lesion.id())).append(": ")
                .append(lesion.kind());
        if (lesion.pathology() != null && !lesion.pathology().isBlank()) {
            b.append(", ").append(lesion.pathology());
        }
        if (!lesion.concepts().isEmpty()) {
            b.append("; ").append(String.join(", ", lesion.concepts().stream().sorted().toList()));
        }
        if (lesion.assessment() >= 0) {
            b.append("; BI-RADS ").append(lesion.assessment());
        }
        return b.toString();
    }

    /** {@code ground truth: malignant, BI-RADS 5, density-b, 1 lesion}; empty when nothing is known (no class, no lesion). */
    public static Optional<String> truthLine(GroundTruth truth) {
        if (truth == null || (truth.label() == null || truth.label().isBlank()) && truth.lesions().isEmpty()) {
            return Optional.empty(); // a lone image: nothing known
        }
        StringBuilder b = new StringBuilder("ground truth: ").append(truth.label() == null ? "?" : truth.label());
        if (truth.report() != null && truth.report().assessment() >= 0) {
            b.append(", BI-RADS ").append(truth.report().assessment());
        }
        if (truth.report() != null && truth.report().density() != null && !truth.report().density().isBlank()) {
            b.append(", ").append(truth.report().density());
        }
        int n = truth.lesions().size();
        b.append(", ").append(n == 0 ? "no lesion" : n == 1 ? "1 lesion" : n + " lesions");
        return Optional.of(b.toString());
    }

    /** {@code value} with {@code digits} decimals, a point as separator whatever the locale; NaN and infinities spelt out. */
    public static String fixed(double value, int digits) {
        if (!Double.isFinite(value)) {
            return Double.isNaN(value) ? "NaN" : value > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%." + digits + "f", value);
    }
}
