package org.deepminer.mining.internal;

import java.util.ArrayList;
import java.util.List;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.TableFormatter;
import org.deepminer.shell.format.Tabular;

/**
 * What {@code deepminer:unit} returns: one unit's row of the unit table, its montage, its top samples and its
 * IoU with every concept.
 *
 * @param run the run folder
 * @param unit the unit
 * @param facts name and value pairs from the unit table
 * @param montage the montage's path, or empty
 * @param topColumns the columns of the top samples
 * @param top the unit's top samples, best first
 * @param labels concept, IoU, ceiling, lift; best IoU first
 */
public record UnitDetail(String run, int unit, List<List<String>> facts, String montage, List<String> topColumns,
        List<List<String>> top, List<List<String>> labels) implements Tabular {

    @Override
    public List<Table> tables() {
        List<Table> out = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>(facts);
        rows.add(List.of("montage", montage.isEmpty() ? "(none)" : montage));
        out.add(new Table("Unit " + unit + " of " + run, List.of("", ""), rows));
        out.add(new Table("Top samples (" + top.size() + ")", topColumns.isEmpty() ? List.of("sample") : topColumns, top,
                "(no top-activations step in this run)"));
        out.add(new Table("IoU labels", List.of("concept", "IoU", "ceiling", "lift"), labels,
                "(no dissection step in this run)"));
        return out;
    }

    @Override
    public String toString() {
        return TableFormatter.format(this);
    }
}
