package org.deepminer.mining.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepminer.mining.ProbeOutcome;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.TableFormatter;
import org.deepminer.shell.format.Tabular;

/**
 * What {@code deepminer:probe} returns: the run (and its random-weights control) with each step's fate and
 * headline figures, and the notes.
 *
 * @param trained the probe of the model
 * @param control the probe of the random-weights control, or null
 * @param headline the interpretability figures of both, or null when there is no dissection
 */
public record ProbeReport(ProbeOutcome trained, ProbeOutcome control, Headline headline) implements Tabular {

    @Override
    public List<Table> tables() {
        List<Table> tables = new ArrayList<>(tables(trained, "Run"));
        if (control != null) {
            tables.addAll(tables(control, "Control (random weights)"));
        }
        if (headline != null) {
            tables.add(headline.table());
        }
        return tables;
    }

    static List<Table> tables(ProbeOutcome o, String title) {
        List<List<String>> facts = new ArrayList<>();
        facts.add(List.of("run", o.run().toString()));
        facts.add(List.of("model", o.model() + ", layer " + o.layer()));
        if (o.upToDate()) {
            facts.add(List.of("status", "up to date: nothing recomputed"));
        } else {
            facts.add(List.of("images", Integer.toString(o.samples())));
            facts.add(List.of("fed", String.format(Locale.ROOT, "%,d items in %,d forward passes (%d pass%s over the data)",
                    o.items(), o.forwardCalls(), o.passes(), o.passes() == 1 ? "" : "es")));
            StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%.1f s, %.1f items/s", o.seconds(), o.rate()));
            String parts = o.timings().entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue()))
                    .collect(java.util.stream.Collectors.joining(", "));
            facts.add(List.of("time", parts.isEmpty() ? t.toString() : t + " (" + parts + ")"));
        }
        if (o.units() != null) {
            facts.add(List.of("units", o.units().toString()));
        }
        List<List<String>> steps = new ArrayList<>();
        o.steps().forEach((name, fate) -> steps.add(List.of(name, fate, summary(o.summaries().get(name)))));
        List<Table> out = new ArrayList<>();
        out.add(new Table(title, List.of("", ""), facts));
        out.add(new Table("Steps", List.of("strategy", "status", "summary"), steps));
        if (!o.notes().isEmpty()) {
            out.add(new Table("Notes", List.of("note"), o.notes().stream().map(List::of).toList()));
        }
        return out;
    }

    static String summary(Map<String, Object> s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        s.forEach((k, v) -> {
            if (!k.equals("refused") && !k.equals("skipped")) {
                b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v);
            }
        });
        return b.toString();
    }

    @Override
    public String toString() {
        return TableFormatter.format(this);
    }
}
