package org.deepminer.explain.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.UnitContribution;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.Tabular;

/** What {@code deepminer:explain} returns: the explanation's sentence, its units and the files written. */
public record ExplainReport(List<Table> tables) implements Tabular {

    static ExplainReport of(Explanation e, double millis, List<Path> written) {
        List<List<String>> facts = new ArrayList<>();
        facts.add(List.of("image", e.sample().id()));
        facts.add(List.of("model", e.modelName() + ", layer " + e.layer()));
        facts.add(List.of("explanation", e.sentence()));
        StringBuilder p = new StringBuilder();
        e.probabilities().forEach((c, v) -> p.append(p.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.3f", c, v)));
        facts.add(List.of("probabilities", p.toString()));
        facts.add(List.of("predicted / explained", e.predicted() + " / " + e.explained()));
        facts.add(List.of("time", String.format(Locale.ROOT, "%.1f ms (model and explanation, without rendering)", millis)));
        List<List<String>> units = new ArrayList<>();
        for (UnitContribution u : e.units()) {
            units.add(List.of(Integer.toString(u.rank()), Integer.toString(u.unit()), String.format(Locale.ROOT, "%.4f", u.score()),
                    u.label().map(l -> l.term()).orElse("(unlabelled)"),
                    u.label().map(l -> l.source().name().toLowerCase(Locale.ROOT) + (l.by().isEmpty() ? "" : " (" + l.by() + ")")).orElse("")));
        }
        List<List<String>> files = written.stream().map(f -> List.of(f.toString())).toList();
        return new ExplainReport(List.of(new Table("Explanation", List.of("", ""), facts),
                new Table("Units", List.of("rank", "unit", "score", "label", "source"), units, "no unit shown"),
                new Table("Files", List.of("file"), files, "no file written")));
    }

    /** One CSV row: fields quoted when they hold a comma, quote or line break. */
    static String csvRow(String... fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            String f = fields[i] == null ? "" : fields[i];
            if (f.contains(",") || f.contains("\"") || f.contains("\n")) {
                f = "\"" + f.replace("\"", "\"\"") + "\"";
            }
            b.append(i == 0 ? "" : ",").append(f);
        }
        return b.append('\n').toString();
    }
}
