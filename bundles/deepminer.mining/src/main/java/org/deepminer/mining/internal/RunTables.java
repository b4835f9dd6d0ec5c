package org.deepminer.mining.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deepminer.core.run.Csv;
import org.deepminer.core.run.RunWorkspace;
import org.deepminer.core.run.UnitTable;

/**
 * Reads what the strategies wrote into a run folder and assembles the run's unit table: the ranking's
 * {@code rankings.csv} (one row per class and ranked unit) becomes per-class columns
 * {@code <class>_rank, <class>_count, <class>_score}; Network Dissection's {@code dissection.csv} gives
 * {@code best_concept, iou, ceiling, lift, runner_up, ...}; a unit's montage ({@code montages/*.png} whose
 * name carries the unit number) gives {@code montage}. Any other step's {@code <step>/units.csv} or
 * {@code <step>-units.csv} is joined as it is.
 */
final class RunTables {
    private RunTables() {}

    static final String RANKINGS = "rankings.csv";
    static final String DISSECTION = "dissection.csv";
    static final String DISSECTION_CONCEPTS = "dissection_concepts.csv";
    static final String MONTAGES = "montages";
    private static final Pattern NUMBER = Pattern.compile("(\\d+)");

    static List<Csv> unitTables(Path run) throws IOException {
        List<Csv> tables = new ArrayList<>();
        Path rankings = run.resolve(RANKINGS);
        if (Files.isRegularFile(rankings)) {
            tables.add(pivotRankings(Csv.read(rankings)));
        }
        Path dissection = run.resolve(DISSECTION);
        if (Files.isRegularFile(dissection)) {
            tables.add(renamed(Csv.read(dissection), Map.of("concept", UnitTable.BEST_CONCEPT)));
        }
        List<Path> other = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(run)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                // a strategy's own folder may add columns; a nested run (the random-weights control) has its own
                // units and must never be joined into these
                if (Files.isDirectory(p) && !name.equals(RunWorkspace.STEPS) && Files.isRegularFile(p.resolve("units.csv"))
                        && !Files.isRegularFile(p.resolve(RunWorkspace.MANIFEST))) {
                    other.add(p.resolve("units.csv"));
                } else if (Files.isRegularFile(p) && name.endsWith("-units.csv")) {
                    other.add(p);
                }
            }
        }
        other.sort(null);
        for (Path f : other) {
            Csv t = Csv.read(f);
            if (t.columns().contains(UnitTable.UNIT)) {
                tables.add(t);
            }
        }
        Map<Integer, String> montages = montages(run);
        if (!montages.isEmpty()) {
            List<Map<String, String>> rows = new ArrayList<>();
            montages.forEach((unit, path) -> rows.add(Map.of(UnitTable.UNIT, unit.toString(), "montage", path)));
            tables.add(new Csv(List.of(UnitTable.UNIT, "montage"), rows));
        }
        return tables;
    }

    /** One row per unit with {@code <class>_rank, _count, _score} for every class it is ranked in. */
    static Csv pivotRankings(Csv rankings) {
        Set<String> columns = new LinkedHashSet<>();
        columns.add(UnitTable.UNIT);
        List<String> classes = new ArrayList<>();
        for (Map<String, String> r : rankings.rows()) {
            String c = r.getOrDefault("class", "");
            if (!classes.contains(c)) {
                classes.add(c);
            }
        }
        for (String c : classes) {
            columns.add(c + "_rank");
            columns.add(c + "_count");
            columns.add(c + "_score");
        }
        Map<String, Map<String, String>> byUnit = new TreeMap<>();
        for (Map<String, String> r : rankings.rows()) {
            String c = r.getOrDefault("class", "");
            Map<String, String> row = byUnit.computeIfAbsent(r.get("unit"), u -> {
                Map<String, String> m = new LinkedHashMap<>();
                m.put(UnitTable.UNIT, u);
                return m;
            });
            row.put(c + "_rank", r.getOrDefault("rank", ""));
            row.put(c + "_count", r.getOrDefault("count", ""));
            row.put(c + "_score", r.getOrDefault("mean_score", ""));
        }
        return new Csv(new ArrayList<>(columns), new ArrayList<>(byUnit.values()));
    }

    static Csv renamed(Csv t, Map<String, String> names) {
        List<String> columns = t.columns().stream().map(c -> names.getOrDefault(c, c)).toList();
        List<Map<String, String>> rows = new ArrayList<>();
        for (Map<String, String> r : t.rows()) {
            Map<String, String> m = new LinkedHashMap<>();
            r.forEach((k, v) -> m.put(names.getOrDefault(k, k), v));
            rows.add(m);
        }
        return new Csv(columns, rows);
    }

    /** Unit number to montage path (relative to the run), from the file names under {@code montages/}. */
    static Map<Integer, String> montages(Path run) throws IOException {
        Map<Integer, String> out = new TreeMap<>();
        Path dir = run.resolve(MONTAGES);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.png")) {
            s.forEach(files::add);
        }
        files.sort(null);
        for (Path f : files) {
            Matcher m = NUMBER.matcher(f.getFileName().toString());
            if (m.find()) {
                out.putIfAbsent(Integer.parseInt(m.group(1)), run.relativize(f).toString());
            }
        }
        return out;
    }

    /** A CSV of the run folder, when it exists. */
    static Optional<Csv> table(Path run, String name) throws IOException {
        Path f = run.resolve(name);
        return Files.isRegularFile(f) ? Optional.of(Csv.read(f)) : Optional.empty();
    }
}
