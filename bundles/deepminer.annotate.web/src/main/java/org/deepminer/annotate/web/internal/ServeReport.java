package org.deepminer.annotate.web.internal;

import java.util.ArrayList;
import java.util.List;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.TableFormatter;
import org.deepminer.shell.format.Tabular;

/**
 * What {@code deepminer:serve} returns.
 *
 * @param url where the tool answers
 * @param runs the runs served
 * @param problems run folders left out, with why
 * @param accounts the accounts file
 * @param setupToken the one-time token that creates the first admin; empty once an admin exists
 */
public record ServeReport(String url, List<ServedRunEntry> runs, List<String> problems, String accounts, String setupToken)
        implements Tabular {

    /**
     * @param id the run's id in URLs
     * @param folder its folder
     * @param units units in its unit table
     * @param classes its classes, with how many ranked units each
     */
    public record ServedRunEntry(String id, String folder, String model, String layer, int units, String classes) {}

    @Override
    public List<Table> tables() {
        List<Table> t = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("url", url));
        rows.add(List.of("accounts", accounts));
        if (!setupToken.isEmpty()) {
            rows.add(List.of("first admin", "no admin yet: open " + url + "setup"));
            rows.add(List.of("one-time token", setupToken));
        }
        t.add(new Table("Annotation web UI: " + url, List.of("what", "value"), rows));
        t.add(new Table("Runs (" + runs.size() + ")", List.of("id", "model", "layer", "units", "classes", "folder"),
                runs.stream().map(r -> List.of(r.id(), r.model(), r.layer(), Integer.toString(r.units()), r.classes(),
                        r.folder())).toList()));
        if (!problems.isEmpty()) {
            t.add(new Table("Left out (" + problems.size() + ")", List.of("problem"),
                    problems.stream().map(List::of).toList()));
        }
        return t;
    }

    @Override
    public String toString() {
        return TableFormatter.format(this);
    }
}
