package org.deepminer.shell.format;

import java.util.List;

/** Prints tables as aligned plain text: readable on a terminal and stable for scripts that grep it. */
public final class TableFormatter {
    private TableFormatter() {}

    /** Cells longer than this are cut with an ellipsis so that one long value does not wreck a table. */
    public static final int MAX_CELL = 80;

    public static String format(Tabular tabular) {
        StringBuilder out = new StringBuilder();
        for (Table t : tabular.tables()) {
            if (out.length() > 0) {
                out.append('\n');
            }
            format(t, out);
        }
        return out.toString();
    }

    public static void format(Table table, StringBuilder out) {
        if (!table.title().isEmpty()) {
            out.append(table.title()).append('\n');
        }
        if (table.rows().isEmpty()) {
            out.append("  ").append(table.emptyText()).append('\n');
            return;
        }
        int n = table.columns().size();
        int[] width = new int[n];
        for (int c = 0; c < n; c++) {
            width[c] = table.columns().get(c).length();
            for (List<String> row : table.rows()) {
                width[c] = Math.max(width[c], cell(row.get(c)).length());
            }
        }
        line(table.columns(), width, out);
        StringBuilder rule = new StringBuilder("  ");
        for (int c = 0; c < n; c++) {
            rule.append("-".repeat(width[c])).append(c < n - 1 ? "  " : "");
        }
        out.append(rule).append('\n');
        for (List<String> row : table.rows()) {
            line(row, width, out);
        }
    }

    private static void line(List<String> cells, int[] width, StringBuilder out) {
        StringBuilder l = new StringBuilder("  ");
        for (int c = 0; c < cells.size(); c++) {
            String v = cell(cells.get(c));
            l.append(v);
            if (c < cells.size() - 1) {
                l.append(" ".repeat(width[c] - v.length() + 2));
            }
        }
        out.append(l.toString().stripTrailing()).append('\n');
    }

    private static String cell(String v) {
        if (v == null) {
            return "";
        }
        String oneLine = v.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        return oneLine.length() <= MAX_CELL ? oneLine : oneLine.substring(0, MAX_CELL - 3) + "...";
    }
}
