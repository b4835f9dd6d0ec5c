package org.deepminer.annotate.internal;

import java.util.List;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.TableFormatter;
import org.deepminer.shell.format.Tabular;

/**
 * What {@code deepminer:annotations-export} and {@code annotations-import} return.
 *
 * @param action {@code exported} or {@code imported}
 * @param run the run folder whose model layer the entries belong to
 * @param file the exchange file
 * @param entries entries in the file
 * @param added entries appended to the store (import)
 * @param skipped entries whose id the store held already (import)
 */
public record ExchangeReport(String action, String run, String file, int entries, int added, int skipped) implements Tabular {

    @Override
    public List<Table> tables() {
        List<List<String>> rows = action.equals("exported")
                ? List.of(List.of("entries exported", Integer.toString(entries)))
                : List.of(List.of("entries in the file", Integer.toString(entries)), List.of("added", Integer.toString(added)),
                        List.of("skipped (id already there)", Integer.toString(skipped)));
        return List.of(new Table("annotations of " + run + " " + action + (action.equals("exported") ? " to " : " from ")
                + file, List.of("what", "count"), rows));
    }

    @Override
    public String toString() {
        return TableFormatter.format(this);
    }
}
