package org.deepminer.api.eval;

import java.util.List;

/**
 * What one evaluator measured.
 *
 * @param evaluator its name
 * @param figures the figures, each with baselines
 * @param provenance model hash, data set, parameters: printed beside every figure
 */
public record Evaluation(String evaluator, List<Figure> figures, java.util.Map<String, String> provenance) {
    public Evaluation {
        figures = List.copyOf(figures);
        provenance = java.util.Map.copyOf(provenance);
    }
}
