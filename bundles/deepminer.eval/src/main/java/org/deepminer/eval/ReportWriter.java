package org.deepminer.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.eval.Evaluation;
import org.deepminer.eval.internal.HtmlReport;
import org.deepminer.eval.internal.JsonReport;
import org.deepminer.eval.internal.SummaryTables;

/**
 * Writes what {@link Evaluations} measured: evaluation.json, a self-contained printable report.html, and a
 * plain-text summary. Several runs (e.g. the class-only and the concept-aware demo model) go side by side,
 * one column group per run; {@code evaluations.get(i)} belongs to {@code runs.get(i)}.
 */
public final class ReportWriter {
    public static final String HTML_FILE = "report.html";
    public static final String JSON_FILE = "evaluation.json";

    private ReportWriter() {}

    /** Writes {@value #HTML_FILE} and {@value #JSON_FILE} into {@code dir} (created if missing). */
    public static void write(List<RunEvidence> runs, List<Evaluation> evaluations, Path dir) {
        check(runs, evaluations);
        String html = html(runs, evaluations);
        String json = json(runs, evaluations);
        try {
            Files.createDirectories(dir);
            writeAtomically(dir.resolve(JSON_FILE), json);
            writeAtomically(dir.resolve(HTML_FILE), html);
        } catch (IOException e) {
            throw new DeepMinerException(dir.toString(), "cannot write the evaluation report: " + e, e);
        }
    }

    public static String html(List<RunEvidence> runs, List<Evaluation> evaluations) {
        check(runs, evaluations);
        return HtmlReport.render(runs, evaluations);
    }

    public static String json(List<RunEvidence> runs, List<Evaluation> evaluations) {
        check(runs, evaluations);
        return JsonReport.render(runs, evaluations);
    }

    /** The figure tables as shell tables: a command can return this as it is. */
    public static EvaluationSummary summary(List<RunEvidence> runs, List<Evaluation> evaluations) {
        check(runs, evaluations);
        return new EvaluationSummary(SummaryTables.tables(runs, evaluations));
    }

    /** The summary as aligned plain text (for the README or a log). */
    public static String summaryText(List<RunEvidence> runs, List<Evaluation> evaluations) {
        return summary(runs, evaluations).toString();
    }

    private static void check(List<RunEvidence> runs, List<Evaluation> evaluations) {
        if (runs.isEmpty() || runs.size() != evaluations.size()) {
            throw new IllegalArgumentException(runs.size() + " runs with " + evaluations.size()
                    + " evaluations: give one evaluation per run, in the same order");
        }
    }

    /** A reader of the folder never sees a half-written report. */
    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
