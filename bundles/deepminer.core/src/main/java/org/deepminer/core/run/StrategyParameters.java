package org.deepminer.core.run;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.deepminer.api.DeepMinerException;

/**
 * A probe strategy's parameters for one run (ProbeContext.parameters) over its configured defaults. Keys
 * are the configuration's property names ({@code images.per.unit}); {@code _} and {@code -} count as
 * {@code .}, case is ignored, and a key prefixed with the strategy's name
 * ({@code top-activations.images.per.unit}) wins over a bare one. Bad values are errors naming the
 * strategy, the key and the value.
 */
public final class StrategyParameters {
    private final String strategy;
    private final Map<String, String> values = new HashMap<>();

    public StrategyParameters(String strategy, Map<String, String> parameters) {
        this.strategy = strategy;
        parameters.forEach((k, v) -> values.put(normalise(k), v));
    }

    public int integer(String key, int configured, int min) {
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

    /** A number in {@code (min, max]}. */
    public double number(String key, double configured, double min, double max) {
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

    /** One of the allowed words. */
    public String word(String key, String configured, Set<String> allowed) {
        String v = lookup(key);
        String value = (v == null ? configured : v).strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            throw new DeepMinerException(strategy, "parameter " + key + " = '" + value + "' is not one of "
                    + new TreeSet<>(allowed));
        }
        return value;
    }

    /** A comma-separated list of unit numbers; empty for none given. */
    public int[] units(String key, String configured) {
        String v = lookup(key);
        return parseUnits(strategy, key, v == null ? configured : v);
    }

    public static int[] parseUnits(String strategy, String key, String value) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split("\\s*,\\s*");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new DeepMinerException(strategy, "parameter " + key + " = '" + text + "': '" + parts[i]
                        + "' is not a unit number");
            }
            if (out[i] < 0) {
                throw new DeepMinerException(strategy, "parameter " + key + " = '" + text + "': negative unit " + out[i]);
            }
        }
        return out;
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
