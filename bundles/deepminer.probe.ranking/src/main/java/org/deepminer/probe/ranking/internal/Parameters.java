package org.deepminer.probe.ranking.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.deepminer.api.DeepMinerException;

/**
 * A run's parameters (ProbeContext.parameters) over the configured defaults. Keys are the configuration's
 * property names ({@code units.per.class}); {@code _} and {@code -} count as {@code .}, case is ignored, and
 * a key prefixed with the strategy's name ({@code ranking.units.per.class}) wins over a bare one.
 */
final class Parameters {
    private final String strategy;
    private final Map<String, String> values = new HashMap<>();

    Parameters(String strategy, Map<String, String> parameters) {
        this.strategy = strategy;
        parameters.forEach((k, v) -> values.put(normalise(k), v));
    }

    int integer(String key, int configured, int min) {
        String v = lookup(key);
        if (v == null) {
            return check(key, configured, min, String.valueOf(configured));
        }
        try {
            return check(key, Integer.parseInt(v.strip()), min, v);
        } catch (NumberFormatException e) {
            throw new DeepMinerException(strategy, "parameter " + key + " = '" + v + "' is not a whole number");
        }
    }

    private int check(String key, int value, int min, String text) {
        if (value < min) {
            throw new DeepMinerException(strategy, "parameter " + key + " = " + text + " must be at least " + min);
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
