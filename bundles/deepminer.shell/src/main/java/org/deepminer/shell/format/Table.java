package org.deepminer.shell.format;

import java.util.List;

/**
 * A titled table of text cells.
 *
 * @param title printed above the table; may be empty
 * @param columns column headers
 * @param rows rows of exactly {@code columns.size()} cells
 * @param emptyText printed instead of the header when there are no rows, e.g. {@code (none)}
 */
public record Table(String title, List<String> columns, List<List<String>> rows, String emptyText) {
    public Table {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<String> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(title + ": row " + row + " has " + row.size()
                        + " cells for " + columns.size() + " columns");
            }
        }
    }

    public Table(String title, List<String> columns, List<List<String>> rows) {
        this(title, columns, rows, "(none)");
    }
}
