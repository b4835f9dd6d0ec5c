package org.deepminer.api.eval;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * One number of an evaluation with what it must be read against: a figure without its baseline is not a
 * result.
 *
 * @param name e.g. {@code malignant AUC}
 * @param value the measured value
 * @param baselines named baselines measured on the same data ({@code shuffled}, {@code class-prior},
 *        {@code random weights}); at least one
 * @param ceiling the best any method could reach (on phantom data), when known
 * @param interval 95% confidence interval {@code [low, high]}, when computed
 */
public record Figure(String name, double value, Map<String, Double> baselines, OptionalDouble ceiling,
        double[] interval) {
    public Figure {
        baselines = Map.copyOf(baselines);
        if (baselines.isEmpty()) {
            throw new IllegalArgumentException("figure '" + name + "' has no baseline");
        }
        interval = interval == null ? new double[0] : interval.clone();
    }
}
