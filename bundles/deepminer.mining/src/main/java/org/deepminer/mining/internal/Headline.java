package org.deepminer.mining.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepminer.core.run.Csv;
import org.deepminer.shell.format.Table;

/**
 * The headline interpretability figure (METHOD.md §5 pitfalls): of each class's top units, how many are
 * detectors (IoU above the threshold) and how many specific detectors (also lift above its threshold), for
 * the trained model and beside it the random-weights control; plus the same over all units.
 *
 * @param rows one row per model and class (class {@code all units} for every unit)
 */
public record Headline(List<Row> rows) {

    /**
     * @param model {@code trained} or {@code control}
     * @param group a class name (its top units) or {@code all units}
     * @param units units in the group
     * @param detectors of them, detectors
     * @param specific of them, specific detectors
     * @param maxIou the largest IoU among them
     */
    public record Row(String model, String group, int units, int detectors, int specific, double maxIou) {}

    /** The figures of one run's unit table; empty when it has no dissection columns. */
    static List<Row> of(String model, Csv units, List<String> classes, int top) {
        List<Row> out = new ArrayList<>();
        if (units == null || !units.columns().contains("iou")) {
            return out;
        }
        for (String c : classes) {
            if (!units.columns().contains(c + "_rank")) {
                continue;
            }
            List<Map<String, String>> ranked = units.rows().stream()
                    .filter(r -> !r.getOrDefault(c + "_rank", "").isEmpty())
                    .filter(r -> Integer.parseInt(r.get(c + "_rank")) <= top).toList();
            out.add(row(model, c + " top " + top, ranked));
        }
        out.add(row(model, "all units", units.rows()));
        return out;
    }

    private static Row row(String model, String group, List<Map<String, String>> rows) {
        int detectors = 0;
        int specific = 0;
        double max = 0;
        for (Map<String, String> r : rows) {
            detectors += "true".equals(r.get("detector")) ? 1 : 0;
            specific += "true".equals(r.get("specific")) ? 1 : 0;
            String iou = r.getOrDefault("iou", "");
            if (!iou.isEmpty()) {
                max = Math.max(max, Double.parseDouble(iou));
            }
        }
        return new Row(model, group, rows.size(), detectors, specific, max);
    }

    Table table() {
        List<List<String>> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(List.of(r.model(), r.group(), Integer.toString(r.units()), fraction(r.detectors(), r.units()),
                    fraction(r.specific(), r.units()), String.format(Locale.ROOT, "%.4f", r.maxIou())));
        }
        return new Table("Interpretability: detectors (IoU above threshold) and specific detectors (and lift above threshold)",
                List.of("model", "units", "n", "detectors", "specific", "max IoU"), out);
    }

    static String fraction(int n, int of) {
        return of == 0 ? "0" : String.format(Locale.ROOT, "%d (%.0f%%)", n, 100.0 * n / of);
    }
}
