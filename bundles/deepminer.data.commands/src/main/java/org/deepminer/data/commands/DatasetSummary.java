package org.deepminer.data.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.Tabular;

/**
 * What {@code deepminer:dataset} returns.
 *
 * @param format the reader
 * @param path the data set folder
 * @param samples number of images
 * @param cases number of cases
 * @param byClassAndSplit class to split to image count
 * @param byConcept concept id to (term, lesion count, image count)
 * @param problems problems met in lenient mode
 */
public record DatasetSummary(String format, String path, int samples, int cases,
        Map<String, Map<String, Integer>> byClassAndSplit, Map<String, ConceptCount> byConcept, List<String> problems)
        implements Tabular {

    public record ConceptCount(String term, String category, int lesions, int images) {}

    static final List<String> SPLITS = List.of("train", "validation", "test");

    @Override
    public List<Table> tables() {
        List<List<String>> classRows = new ArrayList<>();
        Map<String, Integer> totals = new TreeMap<>();
        byClassAndSplit.forEach((label, splits) -> {
            List<String> row = new ArrayList<>(List.of(label));
            int sum = 0;
            for (String s : SPLITS) {
                int n = splits.getOrDefault(s, 0);
                row.add(Integer.toString(n));
                sum += n;
                totals.merge(s, n, Integer::sum);
            }
            row.add(Integer.toString(sum));
            classRows.add(row);
        });
        List<String> total = new ArrayList<>(List.of("all"));
        SPLITS.forEach(s -> total.add(Integer.toString(totals.getOrDefault(s, 0))));
        total.add(Integer.toString(samples));
        classRows.add(total);
        List<Table> tables = new ArrayList<>();
        tables.add(new Table(format + " " + path + ": " + samples + " images, " + cases + " cases",
                List.of("class", "train", "validation", "test", "total"), classRows));
        tables.add(new Table("Concepts (" + byConcept.size() + ")", List.of("concept", "term", "category", "lesions", "images"),
                byConcept.entrySet().stream().map(e -> List.of(e.getKey(), e.getValue().term(), e.getValue().category(),
                        Integer.toString(e.getValue().lesions()), Integer.toString(e.getValue().images()))).toList()));
        tables.add(new Table("Problems (" + problems.size() + ")", List.of("problem"),
                problems.stream().limit(50).map(List::of).toList()));
        return tables;
    }

    @Override
    public String toString() {
        return org.deepminer.shell.format.TableFormatter.format(this);
    }
}
