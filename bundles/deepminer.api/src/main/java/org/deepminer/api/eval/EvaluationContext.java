package org.deepminer.api.eval;

import java.nio.file.Path;
import java.util.Map;
import org.deepminer.api.data.Split;

/**
 * @param run the run folder to evaluate
 * @param split the split evaluated
 * @param parameters evaluator parameters (bootstrap rounds, shuffles, seed...)
 */
public record EvaluationContext(Path run, Split split, Map<String, String> parameters) {
    public EvaluationContext {
        parameters = Map.copyOf(parameters);
    }
}
