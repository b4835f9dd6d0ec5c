package org.deepminer.annotate.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepminer.annotate.AnnotationRules;
import org.deepminer.annotate.Consensus;
import org.deepminer.annotate.UnitLabels;
import org.deepminer.annotate.UnitVerdict;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.UnitKey;
import org.deepminer.api.explain.UnitLabel;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.TableFormatter;
import org.deepminer.shell.format.Tabular;

/**
 * What {@code deepminer:labels} returns: per unit with entries, its effective label ({@link UnitLabels}); a unit
 * whose automatic label was withdrawn and that no expert rated shows as "no label" with the reason.
 *
 * @param run the run folder
 * @param rows cells in {@link #COLUMNS} order, by unit
 * @param labelled units with an effective label
 * @param expert of those, labelled by experts
 */
public record LabelListing(String run, List<List<String>> rows, int labelled, int expert) implements Tabular {

    static final List<String> COLUMNS = List.of("unit", "label", "source", "score", "by", "confidence", "time", "entries");

    /**
     * @param verdicts each unit's verdict ({@link UnitLabels#verdicts})
     * @param history every entry of the layer, to count each unit's entries
     */
    static LabelListing of(String run, Map<UnitKey, UnitVerdict> verdicts, List<Annotation> history) {
        Map<Integer, Integer> counts = new HashMap<>();
        history.forEach(a -> counts.merge(a.unit().unit(), 1, Integer::sum));
        List<List<String>> rows = new ArrayList<>();
        int labelled = 0;
        int expert = 0;
        for (UnitVerdict v : verdicts.values()) {
            UnitLabel l = v.label();
            Consensus c = v.experts();
            String entries = Integer.toString(counts.getOrDefault(v.unit().unit(), 0));
            if (l == null && c == null) {
                // only automatic entries, the latest a withdrawal: no label, and the row says why
                Annotation w = v.auto();
                rows.add(List.of(Integer.toString(v.unit().unit()),
                        "no label (withdrawn: " + w.answers().getOrDefault(AnnotationRules.ANSWER_WITHDRAWN, "") + ")", "auto",
                        "", AnnotationRules.AUTO, "", Cells.time(w.time()), entries));
                continue;
            }
            if (l != null) {
                labelled++;
                expert += l.source() == UnitLabel.Source.EXPERT ? 1 : 0;
            }
            rows.add(List.of(Integer.toString(v.unit().unit()),
                    l == null ? "no label" : l.conceptId() + " (" + l.term() + ")",
                    l == null ? "expert" : l.source().name().toLowerCase(Locale.ROOT),
                    l == null ? Cells.number(c.fraction(), 2) : Cells.number(l.score(), l.source() == UnitLabel.Source.AUTO ? 4 : 2),
                    l == null ? String.join(",", c.annotators()) : l.by(),
                    c != null ? Cells.number(c.meanConfidence(), 1) : Integer.toString(v.auto().confidence()),
                    Cells.time(c != null ? c.latest() : v.auto().time()),
                    entries));
        }
        return new LabelListing(run, rows, labelled, expert);
    }

    @Override
    public List<Table> tables() {
        return List.of(new Table("labels of " + run + ": " + labelled + " units labelled, " + expert + " by experts, "
                + (labelled - expert) + " automatically", COLUMNS, rows, "(no entries: deepminer:label or deepminer:autolabel)"));
    }

    @Override
    public String toString() {
        return TableFormatter.format(this);
    }
}
