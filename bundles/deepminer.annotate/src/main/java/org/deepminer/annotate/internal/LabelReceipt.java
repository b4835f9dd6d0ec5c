package org.deepminer.annotate.internal;

import java.util.ArrayList;
import java.util.List;
import org.deepminer.annotate.AnnotationRules;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.TableFormatter;
import org.deepminer.shell.format.Tabular;

/**
 * What {@code deepminer:label} returns: the entry as the store wrote it.
 *
 * @param run the run folder
 * @param entry the stored entry, with its id and time
 * @param terms the concepts' preferred terms, in order (the ids without a vocabulary)
 */
public record LabelReceipt(String run, Annotation entry, List<String> terms) implements Tabular {

    @Override
    public List<Table> tables() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("id", entry.id()));
        rows.add(List.of("unit", Integer.toString(entry.unit().unit())));
        rows.add(List.of("layer", entry.unit().layer()));
        rows.add(List.of("annotator", entry.annotator() + " (" + AnnotationRules.source(entry).name().toLowerCase(java.util.Locale.ROOT) + ")"));
        List<String> concepts = new ArrayList<>();
        for (int i = 0; i < entry.concepts().size(); i++) {
            concepts.add(entry.concepts().get(i) + " (" + terms.get(i) + ")");
        }
        rows.add(List.of("concepts", entry.interpretable() ? String.join(", ", concepts) : "not interpretable"));
        rows.add(List.of("confidence", Integer.toString(entry.confidence())));
        rows.add(List.of("time", entry.time().toString()));
        rows.add(List.of("text", Cells.oneLine(entry.text(), 80)));
        return List.of(new Table("label written for " + run, List.of("field", "value"), rows));
    }

    @Override
    public String toString() {
        return TableFormatter.format(this);
    }
}
