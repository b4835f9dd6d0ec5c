package org.deepminer.probe.dissection.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.deepminer.api.DeepMinerException;

/**
 * A run's parameters (ProbeContext.parameters) over the configured defaults. Keys are the configuration's
 * property names ({@code iou.threshold}); {@code _} and {@code -} count as {@code .}, case is ignored, and
 * a key prefixed with the strategy's name ({@code dissection.iou.threshold}) wins over a bare one.
 */
final class Parameters {
    private final String strategy;
    private final Map<String, String> values = new HashMap<>();

    Parameters(String strategy, Map<String, String> parameters) {
        this.strategy = strategy;
        parameters.forEach((k, v) -> values.put(normalise(k), v));
    }

    /** A number in {@code (min, max]}. */
    double number(String key, double configured, double min, double max) {
        String v = lookup(key);
        double value;
        if (v == null) {
            value = configured;
        } else {
            try {
                value = Double.parseDouble(v.strip());
            } catch (NumberFormatException e) {
                throw new DeepMinerException(strategy, "parameter " + key + " = '" + v + "' is not a number");
            }
        }
        if (!(value > min && value <= max)) {
            throw new DeepMinerException(strategy, "parameter " + key + " = " + (v == null ? configured : v)
                    + " must be above " + min + " and at most " + max);
        }
        return value;
    }

    private String lookup(String key) {
        String k = normalise(key);
        String prefixed = values.get(normalise(strategy) + "." + k);
        return prefixed != null ? prefixed : values.get(k);
    }

    private static String normalise(String key) {
        return key.strip().toLowerCase(Locale.ROOT).replace('_', '.').replace('-', '.');
    }
}
