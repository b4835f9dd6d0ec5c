package org.deepminer.eval.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.deepminer.api.eval.Evaluation;
import org.deepminer.api.eval.Figure;
import org.deepminer.eval.RunEvidence;
import org.deepminer.shell.format.Table;

/** The plain-text form of the report's figure tables: one table per section, one column group per run. */
public final class SummaryTables {
    private SummaryTables() {}

    public static List<Table> tables(List<RunEvidence> runs, List<Evaluation> evaluations) {
        List<Table> tables = new ArrayList<>();
        for (Catalog.Section s : Catalog.SECTIONS) {
            Set<String> names = new LinkedHashSet<>();
            for (Evaluation e : evaluations) {
                e.figures().stream().map(Figure::name).filter(n -> n.startsWith(s.prefix())).forEach(names::add);
            }
            if (names.isEmpty()) {
                continue;
            }
            List<String> columns = new ArrayList<>();
            columns.add("measure");
            for (RunEvidence r : runs) {
                columns.add(r.name() + " value [95% CI]");
                columns.add("baselines");
                columns.add("ceiling");
            }
            List<List<String>> rows = new ArrayList<>();
            for (String name : names) {
                List<String> row = new ArrayList<>();
                row.add(Catalog.label(name));
                for (Evaluation e : evaluations) {
                    Figure f = e.figures().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
                    row.add(f == null ? "-" : FigureText.value(f));
                    row.add(f == null ? "-" : FigureText.baselines(f));
                    row.add(f == null ? "-" : FigureText.ceiling(f));
                }
                rows.add(row);
            }
            tables.add(new Table(s.title(), columns, rows));
        }
        Details.MalignancyTable byConcept = Details.malignancyTable(runs);
        if (!byConcept.concepts().isEmpty()) {
            List<String> columns = new ArrayList<>();
            columns.add("lesion concept");
            for (RunEvidence r : runs) {
                columns.add(r.name() + " " + HtmlReport.MALIGNANCY_COLUMNS.get(0));
                columns.addAll(HtmlReport.MALIGNANCY_COLUMNS.subList(1, 3));
            }
            List<List<String>> rows = new ArrayList<>();
            for (String c : byConcept.concepts()) {
                List<String> row = new ArrayList<>();
                row.add(c.isEmpty() ? "no finding" : c);
                for (var perRun : byConcept.runs()) {
                    Details.ConceptMalignancy m = perRun.get(c);
                    row.addAll(m == null ? List.of("-", "-", "-") : HtmlReport.malignancyCells(m));
                }
                rows.add(row);
            }
            tables.add(new Table("Malignant probability by lesion concept", columns, rows));
        }
        List<String> goalColumns = new ArrayList<>();
        goalColumns.add("goal (issue 9)");
        runs.forEach(r -> goalColumns.add(r.name()));
        List<List<Goals.Result>> results = evaluations.stream().map(Goals::check).toList();
        List<List<String>> goalRows = new ArrayList<>();
        for (int g = 0; g < results.get(0).size(); g++) {
            List<String> row = new ArrayList<>();
            row.add(results.get(0).get(g).goal());
            for (List<Goals.Result> r : results) {
                row.add(r.get(g).status() + ": " + r.get(g).detail());
            }
            goalRows.add(row);
        }
        tables.add(new Table("Goals", goalColumns, goalRows));
        List<String> provColumns = List.of("run", "provenance");
        List<List<String>> provRows = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            for (var p : new java.util.TreeMap<>(evaluations.get(i).provenance()).entrySet()) {
                provRows.add(List.of(runs.get(i).name(), p.getKey() + "=" + p.getValue()));
            }
        }
        tables.add(new Table("Provenance", provColumns, provRows));
        return tables;
    }
}
