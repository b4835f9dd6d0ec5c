package org.deepminer.backend.dl4j.internal.commands;

import java.util.ArrayList;
import java.util.List;
import org.deepminer.backend.dl4j.internal.train.Trainer;
import org.deepminer.backend.dl4j.internal.train.Training;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.Tabular;

/** What {@code deepminer:train} prints: the bundle, the scores per split beside the ceiling, and the epochs. */
public record TrainingSummary(Training.Report report) implements Tabular {

    @Override
    public List<Table> tables() {
        Training.Report r = report;
        List<List<String>> facts = new ArrayList<>();
        facts.add(List.of("model", r.name()));
        facts.add(List.of("bundle", r.bundle()));
        facts.add(List.of("work folder", r.workFolder()));
        facts.add(List.of("settings", r.options()));
        facts.add(List.of("classes", String.join(", ", r.classes())));
        facts.add(List.of("concept head", r.concepts().isEmpty() ? "none" : String.join(", ", r.concepts())));
        facts.add(List.of("patches", r.patches().toString()));
        facts.add(List.of("best epoch", r.bestEpoch() + " of " + r.epochs()));
        facts.add(List.of("training rate", String.format("%.0f patches/s", r.patchesPerSecond())));
        List<String> columns = new ArrayList<>(List.of("split", "images", "patches"));
        r.classes().forEach(c -> columns.add("patch AUC " + c));
        columns.add("whole-image " + r.wholeImageClass() + " AUC");
        columns.add("per location");
        columns.add("explainer's rule");
        columns.add("ceiling");
        columns.add("concept AUC");
        List<List<String>> rows = new ArrayList<>();
        for (Training.SplitScores s : r.scores()) {
            List<String> row = new ArrayList<>(List.of(s.split(), Integer.toString(s.images()), Integer.toString(s.patches())));
            for (String c : r.classes()) {
                row.add(f(s.patchAuc().get(c)));
            }
            row.add(f(s.wholeImageAuc()));
            row.add(f(s.wholeImageAucPerLocation()));
            row.add(f(s.suspiciousPlaceAuc()));
            row.add(s.ceiling() == null ? "" : f(s.ceiling()));
            row.add(f(s.conceptAuc()));
            rows.add(row);
        }
        List<String> epochColumns = new ArrayList<>(List.of("epoch", "loss", "patches/s"));
        r.classes().forEach(c -> epochColumns.add("val AUC " + c));
        epochColumns.add("val whole-image");
        epochColumns.add("val explainer's rule");
        List<List<String>> epochs = new ArrayList<>();
        for (Trainer.Epoch e : r.history()) {
            // whole-image epochs: their rate is in images per second
            List<String> row = new ArrayList<>(List.of(e.epoch() + (e.wholeImages() ? " (whole images)" : ""),
                    String.format("%.4f", e.loss()),
                    e.wholeImages() ? String.format("%.2f images/s", e.patchesPerSecond()) : String.format("%.0f", e.patchesPerSecond())));
            for (double a : e.classAuc()) {
                row.add(f(a));
            }
            row.add(f(e.wholeImageAuc()));
            row.add(f(e.suspiciousPlaceAuc()));
            epochs.add(row);
        }
        return List.of(new Table("Trained model", List.of("", ""), facts), new Table("Scores of the best epoch", columns, rows),
                new Table("Epochs", epochColumns, epochs));
    }

    private static String f(Double d) {
        return d == null || d.isNaN() ? "-" : String.format("%.3f", d);
    }

}
