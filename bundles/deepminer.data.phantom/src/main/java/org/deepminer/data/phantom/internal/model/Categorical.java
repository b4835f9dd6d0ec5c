package org.deepminer.data.phantom.internal.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** A discrete distribution over named values, in a fixed order (so that draws are reproducible). */
public final class Categorical {
    private final String[] values;
    private final double[] cumulative;
    private final Map<String, Double> weights;

    private Categorical(Map<String, Double> weights) {
        this.weights = weights;
        values = weights.keySet().toArray(new String[0]);
        cumulative = new double[values.length];
        double total = 0;
        for (int i = 0; i < values.length; i++) {
            total += weights.get(values[i]);
            cumulative[i] = total;
        }
        for (int i = 0; i < values.length; i++) {
            cumulative[i] /= total;
        }
    }

    /** Alternating value, weight pairs. */
    public static Categorical of(Object... valueWeightPairs) {
        Map<String, Double> w = new LinkedHashMap<>();
        for (int i = 0; i < valueWeightPairs.length; i += 2) {
            w.put((String) valueWeightPairs[i], ((Number) valueWeightPairs[i + 1]).doubleValue());
        }
        return new Categorical(w);
    }

    public String draw(SplittableRandom rng) {
        double u = rng.nextDouble();
        for (int i = 0; i < values.length; i++) {
            if (u < cumulative[i]) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    /** The weights as given, normalised to sum 1, in order. */
    public Map<String, Double> probabilities() {
        Map<String, Double> p = new LinkedHashMap<>();
        double total = cumulative.length == 0 ? 1 : 0;
        for (double v : weights.values()) {
            total += v;
        }
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            p.put(e.getKey(), Math.round(e.getValue() / total * 1e6) / 1e6); // 6 decimals: no float noise in JSON
        }
        return p;
    }
}
