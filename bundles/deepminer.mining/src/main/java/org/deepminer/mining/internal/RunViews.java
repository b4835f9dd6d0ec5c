package org.deepminer.mining.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.deepminer.api.DeepMinerException;
import org.deepminer.core.run.Csv;
import org.deepminer.core.run.RunManifest;
import org.deepminer.core.run.RunWorkspace;
import org.deepminer.core.run.StepMarker;

/** Reads a run folder for {@code deepminer:units} and {@code deepminer:unit}. */
final class RunViews {
    private RunViews() {}

    /** Where {@code --control random} writes the control run, inside the trained run's folder. */
    static final String CONTROL = "control-random";
    static final String TOP_ACTIVATIONS = "topactivations.csv";

    static UnitList units(Path runDir, String onlyClass, int top) throws IOException {
        RunWorkspace ws = RunWorkspace.existing(runDir);
        Csv units = unitTable(ws);
        List<String> ranked = rankedClasses(units);
        List<String> classes;
        if (onlyClass != null && !onlyClass.isBlank()) {
            if (!ranked.contains(onlyClass)) {
                throw new DeepMinerException(ws.dir().toString(), "no ranking for class '" + onlyClass + "'"
                        + (ranked.isEmpty() ? rankingFate(ws) : "; ranked classes: " + String.join(", ", ranked)));
            }
            classes = List.of(onlyClass);
        } else {
            classes = ranked;
        }
        List<UnitList.ClassUnits> tables = new ArrayList<>();
        for (String c : classes) {
            List<Map<String, String>> rows = units.rows().stream().filter(r -> !r.getOrDefault(c + "_rank", "").isEmpty())
                    .sorted(Comparator.comparingInt(r -> Integer.parseInt(r.get(c + "_rank")))).limit(top).toList();
            List<List<String>> cells = new ArrayList<>();
            for (Map<String, String> r : rows) {
                cells.add(cells(r, r.get(c + "_rank"), r.getOrDefault(c + "_count", ""), r.getOrDefault(c + "_score", "")));
            }
            tables.add(new UnitList.ClassUnits(c, cells));
        }
        if (classes.isEmpty()) {
            // no ranking (refused for a layer without a linear head): the units by IoU instead
            List<Map<String, String>> rows = units.rows().stream().filter(r -> !r.getOrDefault("iou", "").isEmpty())
                    .sorted(Comparator.comparingDouble((Map<String, String> r) -> Double.parseDouble(r.get("iou"))).reversed())
                    .limit(top).toList();
            List<List<String>> cells = new ArrayList<>();
            int rank = 1;
            for (Map<String, String> r : rows) {
                cells.add(cells(r, Integer.toString(rank++), "", ""));
            }
            tables.add(new UnitList.ClassUnits("all (by IoU; no ranking" + rankingFate(ws) + ")", cells));
        }
        List<Headline.Row> headline = new ArrayList<>(Headline.of("trained", units, ranked, top));
        Path control = ws.dir().resolve(CONTROL);
        if (Files.isRegularFile(control.resolve(RunWorkspace.UNITS))) {
            Csv controlUnits = Csv.read(control.resolve(RunWorkspace.UNITS));
            headline.addAll(Headline.of("control", controlUnits, rankedClasses(controlUnits), top));
        }
        return new UnitList(ws.dir().toString(), tables, headline.isEmpty() ? null : new Headline(headline));
    }

    static UnitDetail unit(Path runDir, int unit) throws IOException {
        RunWorkspace ws = RunWorkspace.existing(runDir);
        Csv units = unitTable(ws);
        String key = Integer.toString(unit);
        Optional<Map<String, String>> row = units.rows().stream().filter(r -> key.equals(r.get("unit"))).findFirst();
        List<List<String>> facts = new ArrayList<>();
        row.ifPresent(r -> r.forEach((k, v) -> {
            if (!k.equals("unit") && !k.equals("montage") && !v.isEmpty()) {
                facts.add(List.of(k, v));
            }
        }));
        String montage = row.map(r -> r.getOrDefault("montage", "")).filter(m -> !m.isEmpty())
                .map(m -> ws.dir().resolve(m).toString()).orElse("");
        List<String> topColumns = new ArrayList<>();
        List<List<String>> top = new ArrayList<>();
        Optional<Csv> tops = RunTables.table(ws.dir(), TOP_ACTIVATIONS);
        if (tops.isPresent()) {
            tops.get().columns().stream().filter(c -> !c.equals("unit")).forEach(topColumns::add);
            for (Map<String, String> r : tops.get().rows()) {
                if (key.equals(r.get("unit"))) {
                    top.add(topColumns.stream().map(c -> r.getOrDefault(c, "")).toList());
                }
            }
        }
        List<List<String>> labels = new ArrayList<>();
        Optional<Csv> pairs = RunTables.table(ws.dir(), RunTables.DISSECTION_CONCEPTS);
        if (pairs.isPresent()) {
            pairs.get().rows().stream().filter(r -> key.equals(r.get("unit")))
                    .sorted(Comparator.comparingDouble((Map<String, String> r) -> number(r.get("iou"))).reversed())
                    .limit(10).forEach(r -> labels.add(List.of(r.getOrDefault("concept", ""), r.getOrDefault("iou", ""),
                            r.getOrDefault("ceiling", ""), r.getOrDefault("lift", ""))));
        }
        if (row.isEmpty() && top.isEmpty() && labels.isEmpty()) {
            throw new DeepMinerException(ws.dir().toString(), "unit " + unit + " is in none of the run's tables ("
                    + units.rows().size() + " units listed in " + RunWorkspace.UNITS + ")");
        }
        return new UnitDetail(ws.dir().toString(), unit, facts, montage, topColumns, top, labels);
    }

    private static Csv unitTable(RunWorkspace ws) throws IOException {
        return ws.unitTable().orElseThrow(() -> new DeepMinerException(ws.dir().toString(), "no " + RunWorkspace.UNITS
                + ": the run has no finished ranking, dissection or top-activations step ("
                + ws.manifest().map(RunManifest::status).orElse("no manifest") + ")"));
    }

    private static List<String> rankedClasses(Csv units) {
        List<String> out = new ArrayList<>();
        for (String c : units.columns()) {
            if (c.endsWith("_rank")) {
                out.add(c.substring(0, c.length() - "_rank".length()));
            }
        }
        return out;
    }

    private static String rankingFate(RunWorkspace ws) {
        Optional<StepMarker> m = ws.step("ranking");
        if (m.isPresent() && m.get().summary().containsKey("refused")) {
            return ": the ranking was refused: " + m.get().summary().get("refused");
        }
        return m.isPresent() ? "" : ": the run has no ranking step";
    }

    private static List<String> cells(Map<String, String> r, String rank, String count, String score) {
        return List.of(rank, r.getOrDefault("unit", ""), count, round(score, 4), r.getOrDefault("best_concept", ""),
                round(r.getOrDefault("iou", ""), 4), round(r.getOrDefault("ceiling", ""), 4),
                round(r.getOrDefault("lift", ""), 2), r.getOrDefault("specific", ""));
    }

    private static String round(String v, int digits) {
        if (v == null || v.isEmpty()) {
            return "";
        }
        try {
            return String.format(Locale.ROOT, "%." + digits + "f", Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return v;
        }
    }

    private static double number(String v) {
        try {
            return v == null || v.isEmpty() ? 0 : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
