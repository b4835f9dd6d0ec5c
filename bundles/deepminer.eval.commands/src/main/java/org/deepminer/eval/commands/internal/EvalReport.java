package org.deepminer.eval.commands.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deepminer.eval.EvaluationSummary;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.Tabular;

/** What {@code deepminer:eval} returns: the evaluation's tables, and where the report and the figures are. */
public record EvalReport(Path report, Path json, EvaluationSummary summary) implements Tabular {
    @Override
    public List<Table> tables() {
        List<Table> out = new ArrayList<>(summary.tables());
        out.add(new Table("Files", List.of("", ""), List.of(List.of("report", report.toString()),
                List.of("figures", json.toString()))));
        return out;
    }
}
