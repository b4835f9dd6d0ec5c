package org.deepminer.eval.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deepminer.api.eval.Evaluation;
import org.deepminer.api.eval.Figure;

/** The goals issue 9 sets for the demo models, checked against an evaluation's figures. */
public final class Goals {
    private Goals() {}

    /** One goal: what it asks, whether it is met ("met", "missed", "n/a"), and the numbers behind it. */
    public record Result(String goal, String status, String detail) {}

    public static List<Result> check(Evaluation e) {
        List<Result> out = new ArrayList<>();
        Optional<Figure> auc = find(e, "classification.image.auc.malignant");
        out.add(auc.filter(f -> f.ceiling().isPresent())
                .map(f -> result("malignant AUC within 0.05 of the ceiling",
                        f.value() >= f.ceiling().getAsDouble() - 0.05,
                        Text.number(f.value()) + " vs ceiling " + Text.number(f.ceiling().getAsDouble())))
                .orElse(unknown("malignant AUC within 0.05 of the ceiling")));
        for (String clazz : List.of("malignant", "benign")) {
            String goal = ">= 50% of the top-20 " + clazz + " units are specific detectors";
            out.add(find(e, "interpretability." + clazz + ".specific")
                    .map(f -> result(goal, f.value() >= 0.5, Text.number(f.value()) + " (random weights "
                            + Text.number(f.baselines().getOrDefault("random weights", Double.NaN)) + ")"))
                    .orElse(unknown(goal)));
        }
        out.add(find(e, "explanation.exact.precision-over-shuffled")
                .map(f -> result("concept precision >= 2.5x the shuffled baseline", f.value() >= 2.5,
                        Text.number(f.value()) + "x"))
                .orElse(unknown("concept precision >= 2.5x the shuffled baseline")));
        out.add(find(e, "explanation.exact.precision-over-class-prior")
                .map(f -> result("concept precision >= 1.3x the class-prior baseline", f.value() >= 1.3,
                        Text.number(f.value()) + "x"))
                .orElse(unknown("concept precision >= 1.3x the class-prior baseline")));
        String readerGoal = "reader analog >= 80% and above the model's own accuracy";
        out.add(find(e, "reader.accuracy").map(f -> {
            double model = f.baselines().getOrDefault("model", Double.NaN);
            return result(readerGoal, f.value() >= 0.8 && f.value() > model,
                    Text.number(f.value()) + " vs model " + Text.number(model));
        }).orElse(unknown(readerGoal)));
        String faithGoal = "explained units beat the median top-20 random draw in >= 95% of images";
        out.add(find(e, "faithfulness.beats-median.top20")
                .map(f -> result(faithGoal, f.value() >= 0.95, Text.number(f.value())))
                .orElse(unknown(faithGoal)));
        return out;
    }

    private static Optional<Figure> find(Evaluation e, String name) {
        return e.figures().stream().filter(f -> f.name().equals(name) && !Double.isNaN(f.value())).findFirst();
    }

    private static Result result(String goal, boolean met, String detail) {
        return new Result(goal, met ? "met" : "missed", detail);
    }

    private static Result unknown(String goal) {
        return new Result(goal, "n/a", "not measured");
    }
}
