package org.deepminer.annotate.web.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.annotate.UnitKey;
import org.deepminer.core.run.Csv;
import org.deepminer.core.run.RunManifest;
import org.deepminer.core.run.RunWorkspace;

/**
 * One run folder as the annotation pages need it: the model and layer that make up each unit's key, the classes
 * and each class's units in rank order ({@code units.csv}), each unit's automatic label suggestion, its top
 * samples with their boxes ({@code topactivations.csv}) and its montage. Immutable; {@link RunCatalog} reloads
 * it when the run's tables change.
 */
final class ServedRun {
    static final String TOP = "topactivations.csv";
    /** The pseudo-class listing every unit by number. */
    static final String ALL = "all";
    private static final Pattern RANK_COLUMN = Pattern.compile("(.+)_rank");
    private static final Pattern MONTAGE_PATH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./-]*\\.png");

    /**
     * The dissection's label for a unit (METHOD.md §5).
     *
     * @param ceiling the largest IoU the concept's pixel share allows
     * @param lift how much more often the unit's mask lies on this concept than on lesions in general
     * @param specific IoU over the threshold and lift over its threshold
     */
    record Suggestion(String conceptId, double iou, double ceiling, double lift, boolean detector, boolean specific,
            String runnerUp, double runnerUpIou) {}

    /** A unit's row of the unit table: its rank, count and score per class, and its suggestion. */
    record UnitRow(int unit, Map<String, Integer> ranks, Map<String, Integer> counts, Map<String, Double> scores,
            Optional<Suggestion> suggestion, String montage) {}

    /**
     * One of a unit's top samples.
     *
     * @param x the patch's box on its whole image (the whole image for whole-image runs)
     */
    record TopSample(int rank, String sampleId, String imageId, double activation, int x, int y, int width, int height) {}

    private final String id;
    private final Path dir;
    private final RunManifest manifest;
    private final List<String> classes;
    private final Map<Integer, UnitRow> units;
    private final Map<String, List<Integer>> ranked;
    private final Map<Integer, List<TopSample>> top;
    private final long stamp;

    private ServedRun(String id, Path dir, RunManifest manifest, List<String> classes, Map<Integer, UnitRow> units,
            Map<String, List<Integer>> ranked, Map<Integer, List<TopSample>> top, long stamp) {
        this.id = id;
        this.dir = dir;
        this.manifest = manifest;
        this.classes = classes;
        this.units = units;
        this.ranked = ranked;
        this.top = top;
        this.stamp = stamp;
    }

    static ServedRun load(String id, Path folder) {
        RunWorkspace ws = RunWorkspace.existing(folder);
        Path dir = ws.dir();
        RunManifest manifest = ws.manifest().orElseThrow();
        if (manifest.model() == null || manifest.model().sha256() == null || manifest.layer() == null) {
            throw new DeepMinerException(dir.resolve(RunWorkspace.MANIFEST).toString(),
                    "the manifest names no model SHA-256 or layer: labels could not be keyed to units");
        }
        Path unitsFile = dir.resolve(RunWorkspace.UNITS);
        if (!Files.isRegularFile(unitsFile)) {
            throw new DeepMinerException(dir.toString(), "no " + RunWorkspace.UNITS + ": the run has no units to annotate yet");
        }
        Csv table = read(unitsFile);
        if (!table.columns().contains("unit")) {
            throw new DeepMinerException(unitsFile.toString(), "line 1: no 'unit' column");
        }
        List<String> classes = new ArrayList<>();
        for (String c : table.columns()) {
            Matcher m = RANK_COLUMN.matcher(c);
            if (m.matches()) {
                classes.add(m.group(1));
            }
        }
        Map<Integer, UnitRow> units = new TreeMap<>();
        Map<String, List<int[]>> byClass = new LinkedHashMap<>();
        classes.forEach(c -> byClass.put(c, new ArrayList<>()));
        int line = 1;
        for (Map<String, String> row : table.rows()) {
            line++;
            Cells cells = new Cells(unitsFile, line, row);
            int unit = cells.integer("unit").orElseThrow(() -> cells.error("unit", "empty"));
            if (unit < 0) {
                throw cells.error("unit", "negative unit " + unit);
            }
            Map<String, Integer> ranks = new LinkedHashMap<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            Map<String, Double> scores = new LinkedHashMap<>();
            for (String c : classes) {
                Optional<Integer> r = cells.integer(c + "_rank");
                if (r.isPresent()) {
                    ranks.put(c, r.get());
                    byClass.get(c).add(new int[] {r.get(), unit});
                    cells.integer(c + "_count").ifPresent(n -> counts.put(c, n));
                    cells.number(c + "_score").ifPresent(s -> scores.put(c, s));
                }
            }
            Optional<Suggestion> suggestion = Optional.empty();
            String best = row.getOrDefault("best_concept", "").strip();
            if (!best.isEmpty()) {
                suggestion = Optional.of(new Suggestion(best, cells.number("iou").orElse(Double.NaN),
                        cells.number("ceiling").orElse(Double.NaN), cells.number("lift").orElse(Double.NaN),
                        "true".equalsIgnoreCase(row.getOrDefault("detector", "")),
                        "true".equalsIgnoreCase(row.getOrDefault("specific", "")),
                        row.getOrDefault("runner_up", "").strip(), cells.number("runner_up_iou").orElse(Double.NaN)));
            }
            if (units.put(unit, new UnitRow(unit, ranks, counts, scores, suggestion,
                    row.getOrDefault("montage", "").strip())) != null) {
                throw cells.error("unit", "unit " + unit + " appears twice");
            }
        }
        Map<String, List<Integer>> ranked = new LinkedHashMap<>();
        byClass.forEach((c, pairs) -> {
            pairs.sort(Comparator.<int[]>comparingInt(p -> p[0]).thenComparingInt(p -> p[1]));
            ranked.put(c, pairs.stream().map(p -> p[1]).toList());
        });
        ranked.put(ALL, List.copyOf(units.keySet()));
        Map<Integer, List<TopSample>> top = readTop(dir.resolve(TOP));
        return new ServedRun(id, dir, manifest, List.copyOf(classes), Collections.unmodifiableMap(units),
                Collections.unmodifiableMap(ranked), top, stamp(dir));
    }

    private static Map<Integer, List<TopSample>> readTop(Path file) {
        Map<Integer, List<TopSample>> top = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return top; // a run without the top-activations step: units without images
        }
        Csv t = read(file);
        int line = 1;
        for (Map<String, String> row : t.rows()) {
            line++;
            Cells c = new Cells(file, line, row);
            int unit = c.integer("unit").orElseThrow(() -> c.error("unit", "empty"));
            int rank = c.integer("rank").orElseThrow(() -> c.error("rank", "empty"));
            String sample = row.getOrDefault("sample_id", "");
            String image = row.getOrDefault("image_id", "");
            top.computeIfAbsent(unit, u -> new ArrayList<>()).add(new TopSample(rank, sample,
                    image.isEmpty() ? sample : image, c.number("max_activation").orElse(Double.NaN),
                    c.integer("x").orElse(0), c.integer("y").orElse(0), c.integer("width").orElse(0),
                    c.integer("height").orElse(0)));
        }
        top.values().forEach(l -> l.sort(Comparator.comparingInt(TopSample::rank)));
        top.replaceAll((u, l) -> List.copyOf(l));
        return top;
    }

    private static Csv read(Path f) {
        try {
            return Csv.read(f);
        } catch (IOException e) {
            throw new DeepMinerException(f.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    /** The newest modification time of the tables: a changed run is reloaded. */
    static long stamp(Path dir) {
        long t = 0;
        for (String f : List.of(RunWorkspace.UNITS, TOP, RunWorkspace.MANIFEST)) {
            try {
                t = Math.max(t, Files.getLastModifiedTime(dir.resolve(f)).toMillis());
            } catch (IOException e) {
                // missing: does not count
            }
        }
        return t;
    }

    String id() {
        return id;
    }

    Path dir() {
        return dir;
    }

    long stamp() {
        return stamp;
    }

    /** What the pages call the run: its folder's name. */
    String title() {
        return dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    }

    RunManifest manifest() {
        return manifest;
    }

    String modelName() {
        return manifest.model().name() == null ? "" : manifest.model().name();
    }

    String layer() {
        return manifest.layer();
    }

    String modelSha256() {
        return manifest.model().sha256();
    }

    UnitKey key(int unit) {
        return new UnitKey(modelSha256(), layer(), unit);
    }

    List<String> classes() {
        return classes;
    }

    /** The lists a page may show: each class, then every unit. */
    List<String> lists() {
        List<String> l = new ArrayList<>(classes);
        l.add(ALL);
        return l;
    }

    boolean hasList(String name) {
        return ranked.containsKey(name);
    }

    /** A class's units in rank order, or every unit for {@value #ALL}. */
    List<Integer> units(String list) {
        return ranked.getOrDefault(list, List.of());
    }

    /** The list a unit page belongs to when none is asked for: its best-ranked class, else all units. */
    String defaultList(int unit) {
        UnitRow r = units.get(unit);
        if (r == null || r.ranks().isEmpty()) {
            return ALL;
        }
        return r.ranks().entrySet().stream().min(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(ALL);
    }

    Optional<UnitRow> unit(int unit) {
        return Optional.ofNullable(units.get(unit));
    }

    int unitCount() {
        return units.size();
    }

    List<TopSample> top(int unit) {
        return top.getOrDefault(unit, List.of());
    }

    Optional<TopSample> top(int unit, int rank) {
        return top(unit).stream().filter(s -> s.rank() == rank).findFirst();
    }

    /**
     * The unit's montage file. The name comes from the run's own table, and is taken only when it stays inside the
     * run folder; nothing a browser sends ever becomes part of a path.
     */
    Optional<Path> montage(int unit) {
        UnitRow r = units.get(unit);
        String name = r == null || r.montage().isEmpty() ? "montages/unit_" + unit + ".png" : r.montage();
        if (!MONTAGE_PATH.matcher(name).matches() || name.contains("..")) {
            return Optional.empty();
        }
        Path p = dir.resolve(name).normalize();
        return p.startsWith(dir) && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** A row's cells, parsed with errors that name the file, line and column. */
    private record Cells(Path file, int line, Map<String, String> row) {
        Optional<Integer> integer(String column) {
            String v = row.getOrDefault(column, "").strip();
            if (v.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Integer.parseInt(v));
            } catch (NumberFormatException e) {
                throw error(column, "'" + v + "' is not a whole number");
            }
        }

        Optional<Double> number(String column) {
            String v = row.getOrDefault(column, "").strip();
            if (v.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Double.parseDouble(v));
            } catch (NumberFormatException e) {
                throw error(column, "'" + v + "' is not a number");
            }
        }

        DeepMinerException error(String column, String problem) {
            return new DeepMinerException(file.toString(), "line " + line + ", column " + column + ": " + problem);
        }
    }
}
