package org.deepminer.core.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The run's unit table: the unit tables of its steps (ranking, top activations, dissection, ...) joined on
 * the {@value #UNIT} column, so that one greppable row tells everything known of a unit. Steps own their
 * columns; the join adds {@value #LABEL_SOURCE} ({@code auto}) where a step gave a {@value #BEST_CONCEPT}.
 */
public final class UnitTable {
    private UnitTable() {}

    public static final String UNIT = "unit";
    public static final String BEST_CONCEPT = "best_concept";
    public static final String LABEL_SOURCE = "label_source";

    /**
     * Outer join on the unit: every unit of any table gets a row; columns keep the order of the tables
     * and, within a table, its own order; a column that two tables share keeps the first non-empty value.
     * Tables without a unit column are ignored. Rows are sorted by unit (numerically when units are numbers).
     */
    public static Csv merge(List<Csv> tables) {
        Set<String> columns = new LinkedHashSet<>();
        columns.add(UNIT);
        Map<String, Map<String, String>> rows = new TreeMap<>(UnitTable::compareUnits);
        for (Csv t : tables) {
            if (!t.columns().contains(UNIT)) {
                continue;
            }
            columns.addAll(t.columns());
            for (Map<String, String> r : t.rows()) {
                String unit = r.get(UNIT);
                if (unit == null || unit.isBlank()) {
                    continue;
                }
                Map<String, String> row = rows.computeIfAbsent(unit.strip(), u -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put(UNIT, u);
                    return m;
                });
                r.forEach((k, v) -> {
                    if (v != null && !v.isEmpty() && row.getOrDefault(k, "").isEmpty()) {
                        row.put(k, v);
                    }
                });
            }
        }
        if (columns.contains(BEST_CONCEPT)) {
            columns.add(LABEL_SOURCE);
            for (Map<String, String> row : rows.values()) {
                if (!row.getOrDefault(BEST_CONCEPT, "").isEmpty() && row.getOrDefault(LABEL_SOURCE, "").isEmpty()) {
                    row.put(LABEL_SOURCE, "auto");
                }
            }
        }
        return new Csv(new ArrayList<>(columns), new ArrayList<>(rows.values()));
    }

    static int compareUnits(String a, String b) {
        boolean na = isNumber(a);
        boolean nb = isNumber(b);
        if (na && nb) {
            int c = Long.compare(Long.parseLong(a), Long.parseLong(b));
            return c != 0 ? c : a.compareTo(b);
        }
        return na ? -1 : nb ? 1 : a.compareTo(b);
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
