package org.deepminer.annotate.internal;

import java.util.List;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.TableFormatter;
import org.deepminer.shell.format.Tabular;

/**
 * What {@code deepminer:autolabel} returns.
 *
 * @param run the run folder
 * @param added the automatic entries written: unit, concept, term, IoU, lift, specific
 * @param summary what became of every unit of the unit table: outcome, units
 */
public record AutolabelReport(String run, List<List<String>> added, List<List<String>> summary) implements Tabular {

    @Override
    public List<Table> tables() {
        return List.of(new Table("automatic labels added to " + run + " (" + added.size() + ")",
                List.of("unit", "concept", "term", "IoU", "lift", "specific"), added, "(none: nothing new above the threshold)"),
                new Table("units of the run", List.of("outcome", "units"), summary));
    }

    @Override
    public String toString() {
        return TableFormatter.format(this);
    }
}
