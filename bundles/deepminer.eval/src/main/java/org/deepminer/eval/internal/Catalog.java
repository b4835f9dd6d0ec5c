package org.deepminer.eval.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Figure names, their human labels, the report's sections, and the order baselines are printed in. */
public final class Catalog {
    private Catalog() {}

    /** The paper's text-only reader test (METHOD.md section 7). */
    public static final double PAPER_READER_ACCURACY = 0.552;
    public static final double PAPER_READER_SENSITIVITY = 0.582;
    public static final double PAPER_READER_SPECIFICITY = 0.521;

    /** Baseline key that carries the spread of the shuffled baseline rather than a baseline of its own. */
    public static final String SHUFFLED = "shuffled";
    public static final String SHUFFLED_SD = "shuffled sd";

    /**
     * Suffix that turns an explanation figure's total (micro average over all images) into its per-image
     * (macro) average, e.g. {@code explanation.exact.precision.per_image}.
     */
    public static final String PER_IMAGE = ".per_image";

    /** A report section: its id, title, and the figure-name prefix it holds. */
    public record Section(String id, String title, String prefix) {}

    public static final List<Section> SECTIONS = List.of(
            new Section("classification", "Classification", "classification."),
            new Section("explanation", "Explanation vs report", "explanation."),
            new Section("reader", "Reader analog", "reader."),
            new Section("faithfulness", "Faithfulness", "faithfulness."),
            new Section("localisation", "Localisation", "localisation."),
            new Section("interpretability", "Unit interpretability", "interpretability."));

    private static final List<String> BASELINE_ORDER = List.of("chance", SHUFFLED, SHUFFLED_SD, "class-prior",
            "original paper", "model", "majority class", "random units", "random from top-20", "a random draw",
            "random order", "intact score", "random point", "whole breast", "random weights", "chance agreement",
            "no gain");

    static String auc(String level, String clazz) {
        return "classification." + level + ".auc." + clazz;
    }

    static String accuracy(String level) {
        return "classification." + level + ".accuracy";
    }

    /** Baseline keys in print order: known ones first in a fixed order, then the rest alphabetically. */
    public static List<String> orderedBaselines(Map<String, Double> baselines) {
        List<String> keys = new ArrayList<>(baselines.keySet());
        keys.sort(Comparator.comparingInt((String k) -> {
            int i = BASELINE_ORDER.indexOf(k);
            return i < 0 ? BASELINE_ORDER.size() : i;
        }).thenComparing(Comparator.naturalOrder()));
        return keys;
    }

    /** True for figures where a smaller value is the better one. */
    public static boolean lowerIsBetter(String name) {
        return name.equals("faithfulness.deletion.mean-score");
    }

    /** "vs-benign" -> "vs benign", "mass-vs-rest" -> "(mass) vs rest": a classification figure on a subset. */
    private static String subset(String suffix) {
        if (suffix.startsWith("vs-")) {
            return suffix.replace('-', ' ');
        }
        int at = suffix.indexOf("-vs-");
        return at < 0 ? suffix : "(" + suffix.substring(0, at) + ") " + suffix.substring(at + 1).replace('-', ' ');
    }

    /** A human label for a figure name; unknown names print as they are. */
    public static String label(String name) {
        String[] p = name.split("\\.");
        switch (p[0]) {
            case "classification":
                if (p.length == 4 && p[2].equals("auc")) {
                    return "AUC " + p[3] + " (" + p[1] + ")";
                }
                if (p.length == 5 && p[2].equals("auc")) {
                    return "AUC " + p[3] + " " + subset(p[4]) + " (" + p[1] + ")";
                }
                if (p.length == 3 && p[2].equals("accuracy")) {
                    return "accuracy (" + p[1] + ", argmax)";
                }
                break;
            case "explanation":
                if (p.length == 4 && name.endsWith(PER_IMAGE)) {
                    return label(name.substring(0, name.length() - PER_IMAGE.length())) + ", mean over images";
                }
                if (p.length == 3) {
                    String view = p[1].equals("exact") ? "exact ids" : "by category";
                    switch (p[2]) {
                        case "precision-over-shuffled":
                            return "precision / shuffled (" + view + ")";
                        case "precision-over-class-prior":
                            return "precision / class-prior (" + view + ")";
                        default:
                            return "concept " + p[2] + " (" + view + ")";
                    }
                }
                break;
            case "reader":
                switch (name) {
                    case "reader.accuracy":
                        return "reader accuracy (explanation concepts)";
                    case "reader.sensitivity":
                        return "reader sensitivity (malignant found)";
                    case "reader.specificity":
                        return "reader specificity (benign kept)";
                    case "reader.model.accuracy":
                        return "model accuracy, benign vs malignant";
                    case "reader.true-concepts.accuracy":
                        return "reader accuracy on the true lesion concepts";
                    default:
                        break;
                }
                break;
            case "faithfulness":
                switch (name) {
                    case "faithfulness.drop.mean":
                        return "mean class-score drop, explained units zeroed";
                    case "faithfulness.paired.top20":
                        return "share of top-20 random draws beaten (paired)";
                    case "faithfulness.beats-median.top20":
                        return "images beating the median top-20 random draw";
                    case "faithfulness.paired.random":
                        return "share of random-unit draws beaten (paired)";
                    case "faithfulness.beats-median.random":
                        return "images beating the median random-unit draw";
                    case "faithfulness.deletion.mean-score":
                        return "mean class score along the deletion curve (lower is better)";
                    default:
                        break;
                }
                break;
            case "localisation":
                if (name.equals("localisation.pointing")) {
                    return "pointing game hit rate";
                }
                if (name.equals("localisation.iou")) {
                    return "mean IoU, thresholded heatmap vs lesion";
                }
                break;
            case "interpretability":
                if (name.equals("interpretability.kappa")) {
                    return "inter-annotator agreement (kappa)";
                }
                if (p.length == 3) {
                    switch (p[2]) {
                        case "specific":
                            return p[1] + " top units: specific detectors";
                        case "detector":
                            return p[1] + " top units: IoU detectors";
                        case "expert-labelled":
                            return p[1] + " top units: expert-labelled";
                        default:
                            break;
                    }
                }
                break;
            default:
                break;
        }
        return name;
    }
}
