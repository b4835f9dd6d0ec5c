package org.deepminer.eval;

import java.util.Optional;
import org.deepminer.api.eval.Evaluation;
import org.deepminer.api.eval.Figure;
import org.deepminer.eval.internal.RunMeasures;

/**
 * Turns one run's evidence into figures, each with its baselines, its ceiling when known and a 95% case
 * bootstrap interval where one makes sense. Figure names are dotted keys (see the README for the list), e.g.
 * {@code classification.image.auc.malignant} or {@code explanation.exact.precision}.
 */
public final class Evaluations {
    /** The evaluator name written into every evaluation. */
    public static final String EVALUATOR = "deepminer";

    private Evaluations() {}

    /** Evaluates with the default options (1000 bootstrap rounds, 50 shuffles, 5 folds, lambda 1, top 20). */
    public static Evaluation evaluate(RunEvidence run, long seed) {
        return evaluate(run, EvaluationOptions.defaults(seed));
    }

    /** @throws org.deepminer.api.DeepMinerException when the evidence is inconsistent (names the item) */
    public static Evaluation evaluate(RunEvidence run, EvaluationOptions options) {
        return new RunMeasures(run, options).evaluation(EVALUATOR);
    }

    /** The figure of that name, if the evaluation has it. */
    public static Optional<Figure> figure(Evaluation evaluation, String name) {
        return evaluation.figures().stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
