package org.deepminer.mining.internal;

import java.util.ArrayList;
import java.util.List;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.TableFormatter;
import org.deepminer.shell.format.Tabular;

/**
 * What {@code deepminer:units} returns: per class, its top units with their ranking and automatic labels,
 * and the interpretability headline beside the random-weights control.
 *
 * @param run the run folder
 * @param classes one table per class
 * @param headline the detector figures, or null without dissection
 */
public record UnitList(String run, List<ClassUnits> classes, Headline headline) implements Tabular {

    static final List<String> COLUMNS = List.of("rank", "unit", "count", "score", "best concept", "IoU", "ceiling", "lift",
            "specific");

    /**
     * @param className the class
     * @param rows cells in {@link #COLUMNS} order
     */
    public record ClassUnits(String className, List<List<String>> rows) {}

    @Override
    public List<Table> tables() {
        List<Table> out = new ArrayList<>();
        for (ClassUnits c : classes) {
            out.add(new Table(c.className() + " units of " + run, COLUMNS, c.rows()));
        }
        if (headline != null && !headline.rows().isEmpty()) {
            out.add(headline.table());
        }
        return out;
    }

    @Override
    public String toString() {
        return TableFormatter.format(this);
    }
}
