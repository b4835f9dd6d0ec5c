package org.deepminer.data.phantom.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepminer.data.phantom.internal.io.PhantomGenerator;
import org.deepminer.data.phantom.internal.model.Ceiling;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.TableFormatter;
import org.deepminer.shell.format.Tabular;

/**
 * What {@code deepminer:phantom} returns.
 *
 * @param dir the data set folder
 * @param skipped true when the folder already held this data set and nothing was written
 * @param parameters the parameters that determine the data set
 * @param counts images per class, then per split
 * @param casesPerSplit cases per split
 * @param ceiling the Bayes classifier on true concepts, over all images
 * @param testCeiling the same on the test split
 * @param seconds wall time of the command
 * @param note what happened
 */
public record PhantomSummary(Path dir, boolean skipped, Map<String, Object> parameters, int cases, int images,
        Map<String, Map<String, Integer>> counts, Map<String, Integer> casesPerSplit, Ceiling ceiling,
        Ceiling testCeiling, double seconds, String note) implements Tabular {

    static PhantomSummary of(PhantomGenerator.Result r) {
        return new PhantomSummary(r.dir(), r.skipped(), r.parameters(), r.cases(), r.images(), r.counts(),
                r.casesPerSplit(), r.ceiling(), r.testCeiling(), r.seconds(), r.note());
    }

    @Override
    public List<Table> tables() {
        List<List<String>> info = new ArrayList<>();
        info.add(List.of("folder", dir.toString()));
        info.add(List.of("result", note));
        parameters.forEach((k, v) -> info.add(List.of(k, String.valueOf(v))));
        info.add(List.of("cases", Integer.toString(cases)));
        info.add(List.of("images", Integer.toString(images)));
        info.add(List.of("wall time", String.format(Locale.ROOT, "%.1f s", seconds)));

        List<List<String>> rows = new ArrayList<>();
        int[] totals = new int[3];
        List<String> splits = List.of("train", "validation", "test");
        counts.forEach((label, bySplit) -> {
            List<String> row = new ArrayList<>();
            row.add(label);
            int sum = 0;
            for (int s = 0; s < splits.size(); s++) {
                int n = bySplit.getOrDefault(splits.get(s), 0);
                totals[s] += n;
                sum += n;
                row.add(Integer.toString(n));
            }
            row.add(Integer.toString(sum));
            rows.add(row);
        });
        rows.add(List.of("all images", Integer.toString(totals[0]), Integer.toString(totals[1]),
                Integer.toString(totals[2]), Integer.toString(totals[0] + totals[1] + totals[2])));
        List<String> caseRow = new ArrayList<>(List.of("cases"));
        int caseSum = 0;
        for (String s : splits) {
            int n = casesPerSplit.getOrDefault(s, 0);
            caseSum += n;
            caseRow.add(Integer.toString(n));
        }
        caseRow.add(Integer.toString(caseSum));
        rows.add(caseRow);

        List<List<String>> ceilingRows = List.of(
                List.of("all images", number(ceiling.malignantAuc()), number(ceiling.benignMalignantAccuracy()),
                        number(ceiling.expectedAccuracy())),
                List.of("test split", number(testCeiling.malignantAuc()), number(testCeiling.benignMalignantAccuracy()),
                        number(testCeiling.expectedAccuracy())));
        return List.of(new Table("Phantom data set", List.of("", "value"), info),
                new Table("Images per class and split", List.of("class", "train", "validation", "test", "total"), rows),
                new Table("Ceiling: Bayes classifier on the true concepts",
                        List.of("images", "malignant AUC", "benign-vs-malignant accuracy", "expected accuracy"),
                        ceilingRows));
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    @Override
    public String toString() {
        return TableFormatter.format(this);
    }
}
