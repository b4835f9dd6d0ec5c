package org.deepminer.data.commands;

import java.util.List;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.Tabular;

/**
 * What {@code deepminer:show} returns: where the picture went and what is drawn on it.
 *
 * @param png the written picture
 * @param sample the sample id
 * @param label the image's class
 * @param lesions one row per lesion: id, kind, pathology, concepts
 */
public record ShownSample(String png, String sample, String label, List<List<String>> lesions) implements Tabular {

    @Override
    public List<Table> tables() {
        return List.of(new Table(sample + " (" + label + ") -> " + png, List.of("lesion", "kind", "pathology", "concepts"),
                lesions, "(no lesions)"));
    }

    @Override
    public String toString() {
        return org.deepminer.shell.format.TableFormatter.format(this);
    }
}
