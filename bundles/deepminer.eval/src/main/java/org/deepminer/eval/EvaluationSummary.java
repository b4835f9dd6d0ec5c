package org.deepminer.eval;

import java.util.List;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.TableFormatter;
import org.deepminer.shell.format.Tabular;

/**
 * The plain-text summary: one table per report section, one column group per run. A shell command can
 * return it as it is; {@link #toString()} prints it as the shell would.
 */
public record EvaluationSummary(List<Table> tables) implements Tabular {
    public EvaluationSummary {
        tables = List.copyOf(tables);
    }

    @Override
    public String toString() {
        return TableFormatter.format(this);
    }
}
