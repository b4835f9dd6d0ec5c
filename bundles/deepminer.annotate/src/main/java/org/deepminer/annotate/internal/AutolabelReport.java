package org.deepminer.annotate.internal;

import java.util.ArrayList;
import java.util.List;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.TableFormatter;
import org.deepminer.shell.format.Tabular;

/**
 * What {@code deepminer:autolabel} returns.
 *
 * @param run the run folder
 * @param added the automatic labels written: unit, concept, term, IoU, lift, specific
 * @param withdrawn the automatic labels withdrawn: unit, concept, term, IoU of the label, reason
 * @param summary what became of every unit of the unit table: outcome, units
 */
public record AutolabelReport(String run, List<List<String>> added, List<List<String>> withdrawn,
        List<List<String>> summary) implements Tabular {

    @Override
    public List<Table> tables() {
        List<Table> out = new ArrayList<>();
        out.add(new Table("automatic labels added to " + run + " (" + added.size() + ")",
                List.of("unit", "concept", "term", "IoU", "lift", "specific"), added, "(none: nothing new above the threshold)"));
        // shown only when there are some: most reruns withdraw nothing, and an empty table would be noise
        if (!withdrawn.isEmpty()) {
            out.add(new Table("automatic labels withdrawn from " + run + " (" + withdrawn.size() + ")",
                    List.of("unit", "concept", "term", "IoU", "why"), withdrawn));
        }
        out.add(new Table("units of the run", List.of("outcome", "units"), summary));
        return out;
    }

    @Override
    public String toString() {
        return TableFormatter.format(this);
    }
}
