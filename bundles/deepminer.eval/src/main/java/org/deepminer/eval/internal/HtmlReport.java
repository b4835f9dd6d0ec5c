package org.deepminer.eval.internal;

import static org.deepminer.eval.internal.Text.escape;
import static org.deepminer.eval.internal.Text.number;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.deepminer.api.eval.Evaluation;
import org.deepminer.api.eval.Figure;
import org.deepminer.eval.GalleryItem;
import org.deepminer.eval.ImageEvidence;
import org.deepminer.eval.RunEvidence;
import org.deepminer.eval.ScoredItem;
import org.deepminer.eval.UnitRow;

/**
 * The self-contained report: inline CSS, SVG plots, images as data URIs, no script. Written as polyglot
 * XHTML (every element closed, every attribute quoted, only XML entities) so that an XML parser can check it.
 * Every table and plot carries the runs' provenance; every number is printed beside its baselines and ceiling.
 */
public final class HtmlReport {
    private static final int MAX_CONCEPT_BARS = 30;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static final String CSS = String.join("\n",
            "body{font-family:'Helvetica Neue',Arial,sans-serif;font-size:13px;color:#222;max-width:1240px;margin:24px auto;padding:0 16px;line-height:1.4}",
            "h1{font-size:22px;margin-bottom:4px}h2{font-size:18px;border-bottom:2px solid #1f5fa8;padding-bottom:3px;margin-top:36px}",
            "h3{font-size:14px;margin:18px 0 6px}p.intro{max-width:900px;color:#333}",
            "table{border-collapse:collapse;margin:8px 0 4px}th,td{border:1px solid #c8c8c8;padding:3px 6px;vertical-align:top}",
            "th{background:#eef2f7;text-align:left}th.run{text-align:center;background:#dde6f1}",
            "td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}td.base{font-size:12px;color:#444}",
            "td.miss{color:#999;text-align:center}.met{color:#1e7b34;font-weight:bold}.missed{color:#b03a2e;font-weight:bold}",
            ".prov{font-size:10px;color:#666;margin:3px 0 16px;overflow-wrap:anywhere}.prov b{color:#444}",
            ".plots{display:flex;flex-wrap:wrap;gap:14px;align-items:flex-start}",
            "figure{margin:0;break-inside:avoid;page-break-inside:avoid}figcaption{font-size:11px;color:#444;max-width:340px}",
            ".gallery figure{width:250px}.gallery img{width:250px;height:auto;border:1px solid #ccc}",
            "img.montage{max-height:64px}td.conf{text-align:right;min-width:54px}",
            "@page{size:A4;margin:13mm}",
            "@media print{body{margin:0;max-width:none;font-size:10pt}section{break-before:page;page-break-before:always}",
            "section.first{break-before:auto;page-break-before:auto}table,figure,svg,tr{break-inside:avoid;page-break-inside:avoid}",
            "thead{display:table-header-group}h2,h3{break-after:avoid;page-break-after:avoid}}");

    private final List<RunEvidence> runs;
    private final List<Evaluation> evaluations;
    private final StringBuilder h = new StringBuilder(1 << 16);

    private HtmlReport(List<RunEvidence> runs, List<Evaluation> evaluations) {
        this.runs = runs;
        this.evaluations = evaluations;
    }

    public static String render(List<RunEvidence> runs, List<Evaluation> evaluations) {
        return new HtmlReport(runs, evaluations).document();
    }

    private String document() {
        h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>DeepMiner evaluation: ")
                .append(escape(String.join(" vs ", runs.stream().map(RunEvidence::name).toList())))
                .append("</title>\n<style>\n").append(CSS).append("\n</style>\n</head>\n<body>\n");
        overview();
        for (Catalog.Section s : Catalog.SECTIONS) {
            section(s);
        }
        gallery();
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    // ---- overview: runs, provenance, goals

    private void overview() {
        h.append("<section class=\"first\" id=\"overview\">\n<h1>DeepMiner evaluation</h1>\n<p class=\"intro\">Runs: ");
        for (int i = 0; i < runs.size(); i++) {
            h.append(i > 0 ? ", " : "").append("<b>").append(escape(runs.get(i).name())).append("</b>");
        }
        h.append(". Every number stands beside its baselines (shuffled or random, class-prior, chance) and, when "
                + "known, its ceiling (the best any method can do on phantom data). Intervals are 95% percentile "
                + "bootstrap intervals that resample whole cases.</p>\n");
        h.append("<h3>Provenance</h3>\n<table><thead><tr><th>key</th>");
        for (RunEvidence r : runs) {
            h.append("<th class=\"run\">").append(escape(r.name())).append("</th>");
        }
        h.append("</tr></thead><tbody>\n");
        Set<String> keys = new java.util.TreeSet<>();
        evaluations.forEach(e -> keys.addAll(e.provenance().keySet()));
        for (String k : keys) {
            h.append("<tr><th>").append(escape(k)).append("</th>");
            for (Evaluation e : evaluations) {
                h.append("<td>").append(escape(e.provenance().getOrDefault(k, "\u2014"))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
        h.append("<h3>Goals for the demo models (issue 9)</h3>\n<table><thead><tr><th>goal</th>");
        for (RunEvidence r : runs) {
            h.append("<th class=\"run\">").append(escape(r.name())).append("</th>");
        }
        h.append("</tr></thead><tbody>\n");
        List<List<Goals.Result>> results = evaluations.stream().map(Goals::check).toList();
        for (int g = 0; g < results.get(0).size(); g++) {
            h.append("<tr><td>").append(escape(results.get(0).get(g).goal())).append("</td>");
            for (List<Goals.Result> r : results) {
                Goals.Result res = r.get(g);
                String cls = res.status().equals("met") ? "met" : res.status().equals("missed") ? "missed" : "";
                h.append("<td><span class=\"").append(cls).append("\">").append(escape(res.status()))
                        .append("</span> ").append(escape(res.detail())).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
        provenance();
        h.append("</section>\n");
    }

    /** The runs' provenance, printed under every table and plot. */
    private void provenance() {
        h.append("<p class=\"prov\">");
        for (int i = 0; i < evaluations.size(); i++) {
            h.append(i > 0 ? "<br/>" : "").append("<b>").append(escape(runs.get(i).name())).append("</b>: ");
            Map<String, String> p = new TreeMap<>(evaluations.get(i).provenance());
            p.remove("run");
            List<String> parts = new ArrayList<>();
            p.forEach((k, v) -> parts.add(k + "=" + v));
            h.append(escape(String.join("; ", parts)));
        }
        h.append("</p>\n");
    }

    // ---- sections

    private void section(Catalog.Section s) {
        List<String> names = figureNames(s.prefix());
        boolean hasPlots = switch (s.id()) {
            case "classification" -> runs.stream().anyMatch(r -> !r.images().isEmpty() || !r.evidence().isEmpty());
            case "interpretability" -> runs.stream().anyMatch(r -> !r.units().isEmpty());
            default -> false;
        };
        if (names.isEmpty() && !hasPlots) {
            return;
        }
        h.append("<section id=\"").append(s.id()).append("\">\n<h2>").append(escape(s.title())).append("</h2>\n");
        h.append("<p class=\"intro\">").append(escape(intro(s.id()))).append("</p>\n");
        figureTable(names);
        provenance();
        switch (s.id()) {
            case "classification" -> classificationPlots();
            case "explanation" -> conceptBars();
            case "faithfulness" -> deletionCurves();
            case "localisation" -> iouHistograms();
            case "interpretability" -> unitTables();
            default -> { }
        }
        h.append("</section>\n");
    }

    private static String intro(String section) {
        return switch (section) {
            case "classification" -> "One-vs-rest AUC per class from the model's probabilities, at whole-image and "
                    + "at patch level. A constant score (the class prior) has AUC 0.5, the chance baseline; accuracy "
                    + "(most probable class) stands beside always naming the most frequent class. The ceiling is the "
                    + "phantom's own pathology model, a Bayes classifier that sees the true concepts.";
            case "explanation" -> "The concepts of each image's explanation against the concepts of its report, "
                    + "by exact concept id and by category: as totals over all images (hits, named and reported "
                    + "concepts summed over images) and, in the rows marked \u2018mean over images\u2019, as the mean "
                    + "of each image's own precision, recall and F1. An image enters a mean only where its value is "
                    + "defined: precision needs a named concept, recall a reported one, F1 either. Each baseline is "
                    + "computed the same way as the row it stands in. Baselines on the same images: "
                    + "shuffled (each image scored against the report of an image from another case; mean \u00b1 SD "
                    + "over the shuffles) and class-prior (name as many concepts as the explanation does, the most "
                    + "common in the reports of the explained class, counted without the image's own case). An "
                    + "explanation that does not beat the class-prior says nothing beyond the predicted class.";
            case "reader" -> "A reader that sees only the explanation's concepts (binary bag of concepts, L2 "
                    + "logistic regression, cross-validated by case) guesses benign vs malignant; images without a "
                    + "lesion pathology are left out. Beside it: the original paper's readers (55.2 / 58.2 / 52.1%), "
                    + "the model's own benign-vs-malignant call on the same images, and the ceiling, the same reader "
                    + "given the true lesion concepts.";
            case "faithfulness" -> "Zeroing the explained units should lower the explained class's score more than "
                    + "zeroing as many random units, and more than as many random units drawn from the same top-20 "
                    + "(the harder control). Paired per image over many draws; 0.5 means no better than a draw.";
            case "localisation" -> "Pointing game: is the heatmap's maximum inside a lesion? Its baseline is a "
                    + "uniformly random point in the breast (hit rate = lesion area / breast area). IoU of the "
                    + "thresholded heatmap with the lesion mask, beside a heatmap that covers the whole breast.";
            case "interpretability" -> "Share of each class's top units that are IoU detectors, specific detectors "
                    + "(IoU above the threshold and lift above 1.5) and expert-labelled, beside the same network with "
                    + "random weights. Every IoU is printed beside its ceiling.";
            default -> "";
        };
    }

    private List<String> figureNames(String prefix) {
        Set<String> names = new LinkedHashSet<>();
        for (Evaluation e : evaluations) {
            for (Figure f : e.figures()) {
                if (f.name().startsWith(prefix)) {
                    names.add(f.name());
                }
            }
        }
        return new ArrayList<>(names);
    }

    private void figureTable(List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        h.append("<table class=\"figures\"><thead><tr><th rowspan=\"2\">measure</th>");
        for (RunEvidence r : runs) {
            h.append("<th class=\"run\" colspan=\"3\">").append(escape(r.name())).append("</th>");
        }
        h.append("</tr><tr>");
        for (int i = 0; i < runs.size(); i++) {
            h.append("<th>value [95% CI]</th><th>baselines</th><th>ceiling</th>");
        }
        h.append("</tr></thead><tbody>\n");
        for (String name : names) {
            h.append("<tr><td title=\"").append(escape(name)).append("\">").append(escape(Catalog.label(name)))
                    .append("</td>");
            for (Evaluation e : evaluations) {
                Figure f = e.figures().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
                if (f == null) {
                    h.append("<td class=\"miss\" colspan=\"3\">not measured</td>");
                    continue;
                }
                h.append("<td class=\"num\">").append(escape(FigureText.value(f))).append("</td><td class=\"base\">")
                        .append(escape(FigureText.baselines(f))).append("</td><td class=\"num\">")
                        .append(escape(FigureText.ceiling(f))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    // ---- classification

    private void classificationPlots() {
        imagePlots();
        malignancyByConcept();
    }

    private void imagePlots() {
        for (String level : List.of("image", "patch")) {
            List<List<ScoredItem>> items = runs.stream()
                    .map(r -> level.equals("image") ? Details.images(r) : r.patches()).toList();
            if (items.stream().allMatch(List::isEmpty)) {
                continue;
            }
            h.append("<h3>ROC curves, ").append(level).append(" level</h3>\n<div class=\"plots\">\n");
            for (int i = 0; i < runs.size(); i++) {
                RunEvidence r = runs.get(i);
                String title = r.name() + ": ROC (" + level + ")";
                h.append("<figure>");
                if (items.get(i).isEmpty()) {
                    h.append(Svg.empty(title, "no " + level + " scores"));
                } else {
                    h.append(rocPlot(title, Details.rocs(items.get(i), r.classes()), evaluations.get(i), level));
                }
                h.append("<figcaption>").append(escape(items.get(i).size() + " " + level + "s; dashed diagonal = "
                        + "chance (AUC 0.5)")).append("</figcaption></figure>\n");
            }
            h.append("</div>\n");
            provenance();
            h.append("<h3>Confusion matrices, ").append(level).append(" level (rows: truth, columns: most probable class)</h3>\n")
                    .append("<div class=\"plots\">\n");
            for (int i = 0; i < runs.size(); i++) {
                if (!items.get(i).isEmpty()) {
                    confusion(runs.get(i), Details.confusion(items.get(i), runs.get(i).classes()));
                }
            }
            h.append("</div>\n");
            provenance();
        }
    }

    /** The model's malignant probability on the images of each lesion concept, beside its malignancy rate. */
    private void malignancyByConcept() {
        Details.MalignancyTable table = Details.malignancyTable(runs);
        if (table.concepts().isEmpty()) {
            return;
        }
        h.append("<h3>Malignant probability by lesion concept</h3>\n<p class=\"intro\">")
                .append(escape("The images whose true lesions carry each concept: how many are malignant (the "
                        + "concept's malignancy rate, the reference), the model's mean whole-image malignant "
                        + "probability on them, and its AUC among these images alone. A model that sees a descriptor "
                        + "ranks its concepts' mean probabilities as their rates go; one blind to it gives a "
                        + "spiculated and a circumscribed mass the same probability. The last row is the images "
                        + "without any lesion."))
                .append("</p>\n<table class=\"malignancy\"><thead><tr><th rowspan=\"2\">concept</th>");
        for (RunEvidence r : runs) {
            h.append("<th class=\"run\" colspan=\"3\">").append(escape(r.name())).append("</th>");
        }
        h.append("</tr><tr>");
        for (int i = 0; i < runs.size(); i++) {
            h.append("<th>").append(escape(MALIGNANCY_COLUMNS.get(0))).append("</th><th>")
                    .append(escape(MALIGNANCY_COLUMNS.get(1))).append("</th><th>")
                    .append(escape(MALIGNANCY_COLUMNS.get(2))).append("</th>");
        }
        h.append("</tr></thead><tbody>\n");
        for (String c : table.concepts()) {
            h.append("<tr><td>").append(escape(c.isEmpty() ? "no finding" : term(runs.get(0), c))).append("</td>");
            for (Map<String, Details.ConceptMalignancy> rows : table.runs()) {
                Details.ConceptMalignancy m = rows.get(c);
                if (m == null) {
                    h.append("<td class=\"miss\" colspan=\"3\">\u2014</td>");
                    continue;
                }
                for (String cell : malignancyCells(m)) {
                    h.append("<td class=\"num\">").append(escape(cell)).append("</td>");
                }
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
        provenance();
    }

    /** The three columns of a run in the malignancy-by-concept table (HTML and plain text). */
    static final List<String> MALIGNANCY_COLUMNS = List.of("images: malignant (rate)", "mean P(malignant)", "AUC within");

    static List<String> malignancyCells(Details.ConceptMalignancy m) {
        return List.of(m.images() + ": " + m.positives() + " (" + number(m.positiveShare()) + ")", number(m.meanScore()),
                Double.isFinite(m.auc()) ? number(m.auc()) : "\u2014");
    }

    private static String rocPlot(String title, Map<String, double[][]> rocs, Evaluation e, String level) {
        Svg svg = new Svg(330, 300, title).range(0, 1, 0, 1).axes("false-positive rate", "true-positive rate", 4, 4);
        svg.line(svg.x(0), svg.y(0), svg.x(1), svg.y(1), "#888", 1, "4 3");
        int k = 0;
        for (Map.Entry<String, double[][]> c : rocs.entrySet()) {
            double[][] pts = c.getValue();
            double[] xs = new double[pts.length];
            double[] ys = new double[pts.length];
            for (int i = 0; i < pts.length; i++) {
                xs[i] = pts[i][0];
                ys[i] = pts[i][1];
            }
            svg.polyline(xs, ys, Svg.colour(k), Svg.dash(k), 1.8);
            double auc = e.figures().stream().filter(f -> f.name().equals(Catalog.auc(level, c.getKey()))).findFirst()
                    .map(Figure::value).orElse(Double.NaN);
            svg.legend(c.getKey() + " AUC " + number(auc), Svg.colour(k), Svg.dash(k), true);
            k++;
        }
        return svg.done();
    }

    private void confusion(RunEvidence r, int[][] m) {
        List<String> classes = r.classes();
        h.append("<figure><table><thead><tr><th>").append(escape(r.name())).append("</th>");
        for (String c : classes) {
            h.append("<th>").append(escape(c)).append("</th>");
        }
        h.append("</tr></thead><tbody>");
        for (int t = 0; t < classes.size(); t++) {
            int rowSum = 0;
            for (int v : m[t]) {
                rowSum += v;
            }
            h.append("<tr><th>").append(escape(classes.get(t))).append("</th>");
            for (int p = 0; p < classes.size(); p++) {
                double share = rowSum == 0 ? 0 : m[t][p] / (double) rowSum;
                h.append("<td class=\"conf\" style=\"background:rgba(31,95,168,")
                        .append(String.format(java.util.Locale.ROOT, "%.2f", 0.08 + 0.5 * share)).append(")\">")
                        .append(m[t][p]).append("<br/><small>").append(Math.round(100 * share)).append("%</small></td>");
            }
            h.append("</tr>");
        }
        h.append("</tbody></table></figure>\n");
    }

    // ---- explanation

    private void conceptBars() {
        h.append("<h3>Per-concept precision and recall</h3>\n<div class=\"plots\">\n");
        for (RunEvidence r : runs) {
            List<Details.ConceptBar> bars = Details.conceptBars(r.evidence());
            String title = r.name() + ": per-concept agreement";
            h.append("<figure>");
            if (bars.isEmpty()) {
                h.append(Svg.empty(title, "no explanation evidence"));
            } else {
                List<Details.ConceptBar> shown = bars.subList(0, Math.min(MAX_CONCEPT_BARS, bars.size()));
                int rows = shown.size();
                Svg svg = new Svg(460, 100 + 18 * rows, title).leftMargin(170).legendBelow(2).range(0, 1, 0, rows)
                        .axes("precision / recall", "", 4, 0);
                for (int i = 0; i < rows; i++) {
                    Details.ConceptBar b = shown.get(i);
                    double yTop = rows - i;
                    svg.text(svg.x(0) - 5, svg.y(yTop - 0.5) + 3.5, shortTerm(r, b.concept()), "end", 10, "normal");
                    if (Double.isFinite(b.precision())) {
                        svg.bar(0, b.precision(), yTop - 0.12, yTop - 0.48, Svg.colour(0), "none");
                    }
                    if (Double.isFinite(b.recall())) {
                        svg.bar(0, b.recall(), yTop - 0.52, yTop - 0.88, Svg.colour(2), "none");
                    }
                    svg.line(svg.x(b.prevalence()), svg.y(yTop - 0.05), svg.x(b.prevalence()), svg.y(yTop - 0.95),
                            "#000", 1.6, "");
                }
                svg.rawLegendSwatch("precision (upper bar)", Svg.colour(0), false)
                        .rawLegendSwatch("recall (lower bar)", Svg.colour(2), false);
                h.append(svg.done());
            }
            h.append("<figcaption>").append(escape("Black tick: the concept's prevalence in the reports, the "
                    + "precision of naming it at random. " + (bars.size() > MAX_CONCEPT_BARS ? "The " + MAX_CONCEPT_BARS
                            + " most reported of " + bars.size() + " concepts." : bars.size() + " concepts.")))
                    .append("</figcaption></figure>\n");
        }
        h.append("</div>\n");
        provenance();
    }

    /** The preferred term alone, cut to fit a plot's label column (the table and JSON carry the id). */
    private static String shortTerm(RunEvidence r, String id) {
        String t = r.conceptTerms().getOrDefault(id, id);
        t = t == null || t.isEmpty() ? id : t;
        return t.length() <= 30 ? t : t.substring(0, 29) + "\u2026";
    }

    private static String term(RunEvidence r, String id) {
        String t = r.conceptTerms().get(id);
        return t == null || t.isEmpty() || t.equals(id) ? id : t + " (" + id + ")";
    }

    // ---- faithfulness

    private void deletionCurves() {
        h.append("<h3>Deletion curves</h3>\n<div class=\"plots\">\n");
        for (RunEvidence r : runs) {
            Details.MeanCurve ranked = Details.meanCurve(r.evidence().stream().map(ImageEvidence::deletionCurve).toList());
            Details.MeanCurve random = Details.meanCurve(
                    r.evidence().stream().map(ImageEvidence::randomDeletionCurve).toList());
            String title = r.name() + ": deletion curve";
            h.append("<figure>");
            if (ranked.mean().length < 2) {
                h.append(Svg.empty(title, "no deletion curves"));
            } else {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (double[] c : List.of(ranked.mean(), random.mean())) {
                    for (double v : c) {
                        if (Double.isFinite(v)) {
                            lo = Math.min(lo, v);
                            hi = Math.max(hi, v);
                        }
                    }
                }
                // probabilities read best on [0, 1]; other scores get a padded range
                boolean probability = lo >= 0 && hi <= 1;
                double pad = Math.max(1e-6, (hi - lo) * 0.05);
                double yLo = probability ? 0 : lo - pad;
                double yHi = probability ? Math.min(1, Math.ceil((hi + 1e-9) * 10) / 10) : hi + pad;
                int length = Math.max(ranked.mean().length, random.mean().length);
                Svg svg = new Svg(340, 310, title).legendBelow(2).range(0, length - 1, yLo, yHi)
                        .axes("ranked units removed", "mean class score", Math.min(length - 1, 5), 4);
                svg.polyline(steps(ranked.mean().length), ranked.mean(), Svg.colour(0), "", 2);
                svg.legend("explained ranking", Svg.colour(0), "", false);
                if (random.mean().length > 1) {
                    svg.polyline(steps(random.mean().length), random.mean(), Svg.colour(1), Svg.dash(1), 2);
                    svg.legend("random units (baseline)", Svg.colour(1), Svg.dash(1), false);
                }
                h.append(svg.done());
            }
            h.append("<figcaption>").append(escape("Mean over " + r.evidence().size() + " images; point 0 is the "
                    + "intact score.")).append("</figcaption></figure>\n");
        }
        h.append("</div>\n");
        provenance();
    }

    private static double[] steps(int n) {
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i;
        }
        return xs;
    }

    // ---- localisation

    private void iouHistograms() {
        h.append("<h3>IoU of the thresholded heatmap with the lesion</h3>\n<div class=\"plots\">\n");
        for (RunEvidence r : runs) {
            double[] iou = r.evidence().stream().mapToDouble(ImageEvidence::heatmapIou).filter(Double::isFinite).toArray();
            double[] whole = r.evidence().stream().filter(e -> Double.isFinite(e.heatmapIou()))
                    .mapToDouble(ImageEvidence::pointingBaseline).filter(Double::isFinite).toArray();
            String title = r.name() + ": IoU histogram";
            h.append("<figure>");
            if (iou.length == 0) {
                h.append(Svg.empty(title, "no images with a lesion"));
            } else {
                int bins = Details.IOU_BINS;
                int[] a = Details.histogram(iou, bins);
                int[] b = Details.histogram(whole, bins);
                double top = 0;
                for (int i = 0; i < bins; i++) {
                    top = Math.max(top, Math.max(a[i] / (double) iou.length, whole.length == 0 ? 0 : b[i] / (double) whole.length));
                }
                Svg svg = new Svg(340, 310, title).legendBelow(2)
                        .range(0, 1, 0, Math.max(0.2, Math.ceil(top * 5 - 1e-9) / 5)).axes("IoU", "share of images", 5, 4);
                for (int i = 0; i < bins; i++) {
                    svg.bar(i / (double) bins, (i + 1) / (double) bins, 0, a[i] / (double) iou.length, Svg.colour(0), "#fff");
                }
                if (whole.length > 0) {
                    double[] xs = new double[2 * bins];
                    double[] ys = new double[2 * bins];
                    for (int i = 0; i < bins; i++) {
                        xs[2 * i] = i / (double) bins;
                        xs[2 * i + 1] = (i + 1) / (double) bins;
                        ys[2 * i] = ys[2 * i + 1] = b[i] / (double) whole.length;
                    }
                    svg.polyline(xs, ys, Svg.colour(1), Svg.dash(1), 1.6);
                    svg.rawLegendSwatch("heatmap IoU", Svg.colour(0), false);
                    svg.legend("whole-breast baseline", Svg.colour(1), Svg.dash(1), false);
                }
                h.append(svg.done());
            }
            h.append("<figcaption>").append(escape(iou.length + " images with a lesion; mean IoU "
                    + number(RunMeasures.mean(iou)) + ", whole-breast baseline " + number(RunMeasures.mean(whole))))
                    .append("</figcaption></figure>\n");
        }
        h.append("</div>\n");
        provenance();
    }

    // ---- interpretability

    private void unitTables() {
        for (RunEvidence r : runs) {
            if (r.units().isEmpty()) {
                continue;
            }
            h.append("<h3>Top units of ").append(escape(r.name())).append("</h3>\n");
            boolean montages = r.units().stream().anyMatch(u -> u.montage().length > 0);
            h.append("<table><thead><tr><th>class</th><th>rank</th><th>unit</th><th>best concept</th><th>IoU</th>")
                    .append("<th>IoU ceiling</th><th>lift</th><th>detector</th><th>specific</th><th>expert label</th>");
            if (montages) {
                h.append("<th>montage</th>");
            }
            h.append("</tr></thead><tbody>\n");
            List<UnitRow> rows = new ArrayList<>(r.units());
            rows.sort(java.util.Comparator.comparingInt((UnitRow u) -> {
                int i = r.classes().indexOf(u.clazz());
                return i < 0 ? Integer.MAX_VALUE : i;
            }).thenComparing(UnitRow::clazz).thenComparingInt(UnitRow::rank));
            for (UnitRow u : rows) {
                h.append("<tr><td>").append(escape(u.clazz())).append("</td><td class=\"num\">").append(u.rank())
                        .append("</td><td class=\"num\">").append(u.unit()).append("</td><td>")
                        .append(escape(u.bestConcept().isEmpty() ? "\u2014" : term(r, u.bestConcept())))
                        .append("</td><td class=\"num\">").append(number(u.iou())).append("</td><td class=\"num\">")
                        .append(number(u.ceiling())).append("</td><td class=\"num\">").append(number(u.lift()))
                        .append("</td><td>").append(u.detector() ? "yes" : "no").append("</td><td>")
                        .append(u.specific() ? "yes" : "no").append("</td><td>")
                        .append(escape(u.expertLabel().isEmpty() ? "\u2014" : expert(r, u.expertLabel()))).append("</td>");
                if (montages) {
                    h.append("<td>");
                    image(u.montage(), "montage of unit " + u.unit(), "montage");
                    h.append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</tbody></table>\n");
            provenance();
        }
    }

    private static String expert(RunEvidence r, String label) {
        return r.conceptTerms().containsKey(label) ? term(r, label) : label;
    }

    // ---- gallery

    private void gallery() {
        if (runs.stream().allMatch(r -> r.gallery().isEmpty())) {
            return;
        }
        h.append("<section id=\"gallery\">\n<h2>Example explanations</h2>\n");
        for (RunEvidence r : runs) {
            if (r.gallery().isEmpty()) {
                continue;
            }
            for (boolean correct : new boolean[] {true, false}) {
                List<GalleryItem> items = r.gallery().stream().filter(g -> g.correct() == correct).toList();
                h.append("<h3>").append(escape(r.name())).append(": ").append(correct ? "correct" : "wrong")
                        .append(" predictions (").append(items.size()).append(")</h3>\n<div class=\"plots gallery\">\n");
                for (GalleryItem g : items) {
                    h.append("<figure>");
                    image(g.png(), g.caption(), "");
                    h.append("<figcaption><b>").append(escape(g.id())).append("</b> ").append(escape(g.caption()))
                            .append("</figcaption></figure>\n");
                }
                h.append("</div>\n");
            }
            provenance();
        }
        h.append("</section>\n");
    }

    private void image(byte[] png, String alt, String cssClass) {
        if (!isPng(png)) {
            h.append("<span class=\"miss\">(no PNG)</span>");
            return;
        }
        h.append("<img ");
        if (!cssClass.isEmpty()) {
            h.append("class=\"").append(cssClass).append("\" ");
        }
        h.append("alt=\"").append(escape(alt)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\"/>");
    }

    static boolean isPng(byte[] b) {
        if (b.length < PNG_SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            if (b[i] != PNG_SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }
}
