package org.deepminer.probe.dissection.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepminer.api.probe.ProbeResult;
import org.deepminer.core.run.Csv;
import org.deepminer.core.stats.IouTally;

/**
 * What Network Dissection found: per unit its threshold, best concept (by IoU) with the IoU's ceiling and
 * lift, the runner-up, and whether the unit is a detector / a specific detector. {@code dissection.csv}
 * has one row per unit; {@code dissection_concepts.csv} every (unit, concept) pair with its counts.
 */
final class DissectionResult implements ProbeResult {
    static final String CSV = "dissection.csv";
    static final String CONCEPTS_CSV = "dissection_concepts.csv";
    static final String THRESHOLDS_CSV = "dissection_thresholds.csv";

    /**
     * One unit's verdict; {@code concept} is empty when the unit's mask touches no concept.
     */
    record UnitVerdict(int unit, float threshold, boolean thresholdResolved, String concept, double iou,
            double ceiling, double lift, String runnerUp, double runnerUpIou, boolean detector, boolean specific) {}

    private final String layer;
    private final String note;
    private final DissectionStrategy.Settings settings;
    private final List<String> concepts;
    private final float[] thresholds;
    private final boolean[] resolved;
    private final IouTally tally;
    private final long thresholdImages;
    private final long nans;
    private final List<UnitVerdict> verdicts;

    private DissectionResult(String layer, String note, DissectionStrategy.Settings settings, List<String> concepts,
            float[] thresholds, boolean[] resolved, IouTally tally, long thresholdImages, long nans) {
        this.layer = layer;
        this.note = note;
        this.settings = settings;
        this.concepts = concepts;
        this.thresholds = thresholds;
        this.resolved = resolved;
        this.tally = tally;
        this.thresholdImages = thresholdImages;
        this.nans = nans;
        this.verdicts = tally == null ? List.of() : verdicts();
    }

    static DissectionResult skipped(String layer, String why) {
        return new DissectionResult(layer, why, null, List.of(), null, null, null, 0, 0);
    }

    static DissectionResult thresholdsOnly(String layer, DissectionStrategy.Settings settings, float[] thresholds,
            boolean[] resolved, long images, String why) {
        return new DissectionResult(layer, why, settings, List.of(), thresholds, resolved, null, images, 0);
    }

    static DissectionResult of(String layer, List<String> concepts, DissectionStrategy.Settings settings,
            float[] thresholds, boolean[] resolved, IouTally tally, long thresholdImages, long nans) {
        if (tally == null || tally.images() == 0) {
            return new DissectionResult(layer, "no images were probed", settings, concepts, thresholds, resolved, null,
                    thresholdImages, nans);
        }
        String note = tally.conceptArea(tally.lesionIndex()) == 0
                ? "no image of the data set has a lesion or concept mask: every IoU is 0" : null;
        return new DissectionResult(layer, note, settings, List.copyOf(concepts), thresholds, resolved, tally,
                thresholdImages, nans);
    }

    /** The tallies of the second pass; null when it did not run. */
    IouTally tally() {
        return tally;
    }

    List<UnitVerdict> unitVerdicts() {
        return verdicts;
    }

    private List<UnitVerdict> verdicts() {
        List<UnitVerdict> out = new ArrayList<>();
        for (int k = 0; k < tally.units(); k++) {
            int best = -1;
            int second = -1;
            for (int c = 0; c < concepts.size(); c++) {
                double iou = tally.iou(k, c);
                if (iou <= 0) {
                    continue;
                }
                if (best < 0 || iou > tally.iou(k, best)) {
                    second = best;
                    best = c;
                } else if (second < 0 || iou > tally.iou(k, second)) {
                    second = c;
                }
            }
            double iou = best < 0 ? 0 : tally.iou(k, best);
            double lift = best < 0 ? Double.NaN : tally.lift(k, best);
            boolean detector = iou > settings.iouThreshold();
            out.add(new UnitVerdict(k, thresholds[k], resolved[k], best < 0 ? "" : concepts.get(best), iou,
                    best < 0 ? 0 : tally.ceiling(k, best), lift, second < 0 ? "" : concepts.get(second),
                    second < 0 ? 0 : tally.iou(k, second), detector, detector && lift > settings.liftThreshold()));
        }
        return out;
    }

    @Override
    public String strategy() {
        return DissectionStrategy.NAME;
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("layer", layer);
        if (note != null) {
            s.put(tally == null ? "skipped" : "note", note);
        }
        if (tally == null) {
            return s;
        }
        s.put("images", tally.images());
        s.put("units", tally.units());
        s.put("concepts", concepts.size());
        s.put("detectors", verdicts.stream().filter(UnitVerdict::detector).count());
        s.put("specific_detectors", verdicts.stream().filter(UnitVerdict::specific).count());
        s.put("max_iou", Math.round(verdicts.stream().mapToDouble(UnitVerdict::iou).max().orElse(0) * 1e4) / 1e4);
        s.put("passes", settings.passes());
        long unresolved = verdicts.stream().filter(v -> !v.thresholdResolved()).count();
        if (unresolved > 0) {
            s.put("unresolved_thresholds", unresolved);
            if (settings.passes() == 1) {
                s.put("unresolved_note", unresolved + " units' thresholds fell below what the one pass kept (an ordered "
                        + "data set, or a layer with negative values): their IoU is not counted; configure the "
                        + "dissection strategy with passes = 2 for exact figures");
            }
        }
        if (nans > 0) {
            s.put("nan_activations", nans);
        }
        return s;
    }

    @Override
    public void writeTo(Path runDirectory) throws IOException {
        if (thresholds == null) {
            return;
        }
        Files.createDirectories(runDirectory);
        if (tally == null) {
            List<Map<String, String>> rows = new ArrayList<>();
            for (int k = 0; k < thresholds.length; k++) {
                rows.add(row("unit", String.valueOf(k), "threshold", threshold(thresholds[k]),
                        "threshold_resolved", String.valueOf(resolved[k])));
            }
            new Csv(List.of("unit", "threshold", "threshold_resolved"), rows).write(runDirectory.resolve(THRESHOLDS_CSV));
            return;
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (UnitVerdict v : verdicts) {
            rows.add(row("unit", String.valueOf(v.unit()), "threshold", threshold(v.threshold()), "concept", v.concept(),
                    "iou", number(v.iou()), "ceiling", number(v.ceiling()), "lift", number(v.lift()),
                    "runner_up", v.runnerUp(), "runner_up_iou", number(v.runnerUpIou()),
                    "detector", String.valueOf(v.detector()), "specific", String.valueOf(v.specific()),
                    "resolved", String.valueOf(v.thresholdResolved())));
        }
        new Csv(List.of("unit", "threshold", "concept", "iou", "ceiling", "lift", "runner_up", "runner_up_iou",
                "detector", "specific", "resolved"), rows).write(runDirectory.resolve(CSV));
        List<Map<String, String>> pairs = new ArrayList<>();
        for (int k = 0; k < tally.units(); k++) {
            for (int c = 0; c < concepts.size(); c++) {
                pairs.add(row("unit", String.valueOf(k), "concept", concepts.get(c),
                        "intersection", String.valueOf(tally.intersection(k, c)),
                        "union", String.valueOf(tally.union(k, c)), "iou", number(tally.iou(k, c)),
                        "ceiling", number(tally.ceiling(k, c)), "lift", number(tally.lift(k, c))));
            }
        }
        new Csv(List.of("unit", "concept", "intersection", "union", "iou", "ceiling", "lift"), pairs)
                .write(runDirectory.resolve(CONCEPTS_CSV));
    }

    private static Map<String, String> row(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The threshold as its exact float; empty for a unit without values. */
    private static String threshold(float t) {
        return Float.isNaN(t) ? "" : Float.toString(t);
    }

    /** Six decimals: IoUs at the 0.04 scale stay readable; empty for an undefined lift. */
    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }
}
