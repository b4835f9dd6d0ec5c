package org.deepminer.eval.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deepminer.api.eval.Figure;

/** How a figure prints: its value with interval, its baselines, its ceiling. Shared by HTML and text. */
public final class FigureText {
    private FigureText() {}

    public static String value(Figure f) {
        String v = Text.number(f.value());
        double[] ci = f.interval();
        if (ci.length == 2) {
            v += " [" + Text.number(ci[0]) + ", " + Text.number(ci[1]) + "]";
        }
        return v;
    }

    /** e.g. {@code shuffled 0.210 ± 0.012; class-prior 0.450}. */
    public static String baselines(Figure f) {
        Map<String, Double> b = f.baselines();
        List<String> parts = new ArrayList<>();
        for (String key : Catalog.orderedBaselines(b)) {
            if (key.equals(Catalog.SHUFFLED_SD)) {
                continue;
            }
            String part = key + " " + Text.number(b.get(key));
            if (key.equals(Catalog.SHUFFLED) && b.containsKey(Catalog.SHUFFLED_SD)) {
                part += " \u00b1 " + Text.number(b.get(Catalog.SHUFFLED_SD));
            }
            parts.add(part);
        }
        return String.join("; ", parts);
    }

    public static String ceiling(Figure f) {
        return f.ceiling().isPresent() ? Text.number(f.ceiling().getAsDouble()) : "\u2014";
    }
}
