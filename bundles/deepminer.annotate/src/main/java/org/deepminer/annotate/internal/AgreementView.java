package org.deepminer.annotate.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.deepminer.annotate.AgreementReport;
import org.deepminer.annotate.Consensus;
import org.deepminer.annotate.Kappa;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.TableFormatter;
import org.deepminer.shell.format.Tabular;

/**
 * What {@code deepminer:agreement} returns: kappa over concepts and categories, every pair of experts, and the
 * consensus of each rated unit.
 *
 * @param run the run folder
 * @param report the agreement of the run's model layer
 */
public record AgreementView(String run, AgreementReport report) implements Tabular {

    @Override
    public List<Table> tables() {
        List<Table> out = new ArrayList<>();
        List<List<String>> kappas = List.of(row("concepts", report.concepts()), row("categories", report.categories()));
        out.add(new Table("agreement of " + report.annotators().size() + " experts on " + run + " ("
                + String.join(", ", report.annotators()) + "), " + report.units() + " units rated",
                List.of("over", "method", "kappa", "observed", "expected", "units", "raters", "categories", "note"), kappas));
        if (report.annotators().size() > 2) {
            List<List<String>> pairs = new ArrayList<>();
            for (AgreementReport.PairAgreement p : report.pairs()) {
                pairs.add(List.of(p.first(), p.second(), Cells.kappa(p.concepts()), Cells.kappa(p.categories()),
                        Integer.toString(p.concepts().units())));
            }
            out.add(new Table("Cohen's kappa of each pair", List.of("expert", "expert", "concepts", "categories", "units"),
                    pairs));
        }
        List<List<String>> units = new ArrayList<>();
        for (Consensus c : report.consensus().values()) {
            units.add(List.of(Integer.toString(c.unit().unit()), c.labelled() ? c.conceptId() : "no label",
                    c.votes() + "/" + c.raters(), Cells.number(c.meanConfidence(), 1),
                    c.tally().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))));
        }
        out.add(new Table("consensus per unit", List.of("unit", "consensus", "votes", "confidence", "ratings"), units,
                "(no expert entries)"));
        return out;
    }

    private static List<String> row(String over, Kappa k) {
        return List.of(over, k.method(), Cells.kappa(k), Cells.number(k.observed(), 3), Cells.number(k.expected(), 3),
                Integer.toString(k.units()), Integer.toString(k.raters()), Integer.toString(k.categories()), k.note());
    }

    @Override
    public String toString() {
        return TableFormatter.format(this);
    }
}
