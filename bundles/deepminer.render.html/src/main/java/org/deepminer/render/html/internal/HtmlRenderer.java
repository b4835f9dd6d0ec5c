package org.deepminer.render.html.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.data.GroundTruth;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.ExplanationRenderer;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.api.explain.UnitContribution;
import org.deepminer.api.explain.UnitLabel;
import org.deepminer.imaging.Picture;
import org.deepminer.imaging.figure.ExplanationFigure;
import org.deepminer.imaging.figure.PatientIdentifiers;
import org.deepminer.imaging.figure.Privacy;
import org.deepminer.imaging.figure.Provenance;
import org.deepminer.imaging.figure.Wording;
import org.osgi.service.component.annotations.Component;

/**
 * An explanation as one self-contained HTML page: the panels of {@link ExplanationFigure} inlined as PNG
 * data URIs, inline CSS, no script and no external resource (a Content-Security-Policy says so to the
 * browser as well), so the file can be mailed, archived or opened offline. Every text is HTML-escaped:
 * labels, annotator names and report text are user input. Prints on A4/Letter with panels kept whole.
 * Stateless.
 */
@Component(property = {
        ServiceProperties.RENDERER_FORMAT + "=" + HtmlRenderer.FORMAT,
        ServiceProperties.RENDERER_MEDIA_TYPE + "=text/html; charset=utf-8",
        ServiceProperties.NAME + "=html",
        ServiceProperties.DESCRIPTION + "=one self-contained HTML page: panels inlined, escaped text, printable"})
public class HtmlRenderer implements ExplanationRenderer {
    static final String FORMAT = "html";

    private static final String STYLE = """
            :root { color-scheme: light; }
            body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
                   color: #1a1a1a; background: #fff; margin: 0 auto; padding: 16px 24px; max-width: 1200px; }
            h1 { font-size: 1.55em; margin: 0.2em 0 0.3em; }
            h2 { font-size: 1.15em; margin: 1.4em 0 0.5em; border-bottom: 1px solid #ccc; padding-bottom: 2px; }
            .facts { color: #555; margin: 0.2em 0; }
            .note { background: #fff6d6; border-left: 4px solid #e0b000; padding: 6px 10px; }
            .panels { display: flex; flex-wrap: wrap; gap: 14px; align-items: flex-start; }
            figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
            figure.main { flex: 1 1 0; min-width: 0; }
            figure.main img.panel { width: 100%; }
            figure.small { flex: 0 1 250px; max-width: 250px; }
            figure.small img { width: 100%; }
            img { display: block; height: auto; border: 1px solid #ccc; }
            figcaption { font-size: 0.9em; color: #333; margin-top: 4px; }
            table { border-collapse: collapse; margin: 0.4em 0; }
            th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid #e4e4e4; vertical-align: top; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            blockquote { margin: 0.4em 0; padding-left: 10px; border-left: 3px solid #ccc; color: #333; }
            footer { margin-top: 2em; color: #666; font-size: 0.85em; word-break: break-all; }
            * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
            @page { margin: 12mm; }
            @media print {
              body { padding: 0; max-width: none; font-size: 11pt; }
              h2 { break-after: avoid; page-break-after: avoid; }
              table, .note { break-inside: avoid; page-break-inside: avoid; }
              figure.small { max-width: 23%; }
            }
            """;

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String extension() {
        return "html";
    }

    @Override
    public void render(Explanation e, RenderOptions options, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(page(e, options));
        w.flush();
    }

    String page(Explanation e, RenderOptions options) throws IOException {
        Privacy privacy = Privacy.of(options);
        Provenance provenance = Provenance.of(e, options, privacy);
        ExplanationFigure figure = ExplanationFigure.of(e, options);
        String title = figure.title();
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"DeepMiner\">\n")
                .append("<title>").append(esc(title)).append(" \u2014 DeepMiner explanation</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");

        h.append("<header>\n<h1>").append(esc(title)).append("</h1>\n");
        String sample = e.sample().ref() == null ? "" : privacy.clean(e.sample().id());
        h.append("<p class=\"facts\">");
        if (!sample.isEmpty()) {
            h.append("Sample <strong>").append(esc(sample)).append("</strong> \u00b7 ");
        }
        h.append("explained class <strong>").append(esc(e.explained())).append("</strong>, predicted <strong>")
                .append(esc(e.predicted())).append("</strong> \u00b7 model ").append(esc(e.modelName()))
                .append(", layer ").append(esc(e.layer())).append("</p>\n");
        PatientIdentifiers ids = privacy.identifiers();
        if (!ids.isEmpty()) {
            h.append("<p class=\"facts\">Patient: ").append(esc(String.join(", ", List.of(ids.name(), ids.id(),
                    ids.birthDate()).stream().filter(v -> !v.isEmpty()).toList()))).append("</p>\n");
        }
        h.append("</header>\n");

        int pw = figure.panelWidth();
        int ph = figure.panelHeight();
        h.append("<section class=\"panels\">\n");
        // grown in proportion to their widths, the two panels keep one scale and one height side by side
        Picture overlay = figure.overlayWithBar();
        h.append("<figure class=\"main\" style=\"flex-grow: ").append(pw).append("\">")
                .append(img(figure.mammogram(), "panel", "the mammogram with the ground-truth lesion outlines"))
                .append("<figcaption>Mammogram; ground-truth lesions outlined in green.</figcaption></figure>\n");
        h.append("<figure class=\"main\" style=\"flex-grow: ").append(overlay.width()).append("\">")
                .append(img(overlay, "panel", "heatmap of the shown units over the mammogram, with a colour"
                        + " bar from activation " + Wording.fixed(figure.maps().jointMin(), 3) + " to "
                        + Wording.fixed(figure.maps().jointMax(), 3)))
                .append("<figcaption>");
        if (e.units().isEmpty()) {
            h.append("No unit heatmaps.");
        } else {
            h.append("The ").append(e.units().size()).append(e.units().size() == 1 ? " shown unit" : " shown units")
                    .append(" on one scale (activation ").append(Wording.fixed(figure.maps().jointMin(), 3)).append(" to ")
                    .append(Wording.fixed(figure.maps().jointMax(), 3)).append("); white tags mark each unit's hot area.");
        }
        h.append("</figcaption></figure>\n</section>\n");

        h.append("<h2>Units</h2>\n");
        Wording.unitsNote(e).ifPresent(note -> h.append("<p class=\"note\">").append(esc(note)).append("</p>\n"));
        if (!e.units().isEmpty()) {
            h.append("<p>Ranked by score = weight \u00d7 maximum activation for <strong>").append(esc(e.explained()))
                    .append("</strong>.</p>\n<table>\n<thead><tr><th class=\"num\">Rank</th><th class=\"num\">Unit</th>")
                    .append("<th class=\"num\">Score</th><th class=\"num\">Weight</th><th class=\"num\">Max act.</th>")
                    .append("<th>Label</th><th>Concept</th><th>Source</th><th>Evidence</th><th>By</th></tr></thead>\n<tbody>\n");
            for (UnitContribution u : e.units()) {
                UnitLabel l = u.label().orElse(null);
                h.append("<tr><td class=\"num\">").append(u.rank()).append("</td><td class=\"num\">").append(u.unit())
                        .append("</td><td class=\"num\">").append(Wording.fixed(u.score(), 3))
                        .append("</td><td class=\"num\">").append(Wording.fixed(u.weight(), 3))
                        .append("</td><td class=\"num\">").append(Wording.fixed(u.maxActivation(), 3))
                        .append("</td><td>").append(esc(Wording.term(u)))
                        .append("</td><td>").append(l == null ? "\u2013" : esc(l.conceptId()))
                        .append("</td><td>").append(l == null ? "\u2013" : esc(Wording.source(l)))
                        .append("</td><td>").append(l == null ? "\u2013" : esc(Wording.evidence(l)))
                        .append("</td><td>").append(l == null || l.by() == null || l.by().isBlank() ? "\u2013" : esc(l.by()))
                        .append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n<div class=\"panels\">\n");
            for (int i = 0; i < e.units().size(); i++) {
                UnitContribution u = e.units().get(i);
                h.append("<figure class=\"small\">")
                        .append(img(ExplanationFigure.scaled(figure.unit(i), Math.max(1, pw / 2), Math.max(1, ph / 2)),
                                "", Wording.unitName(u) + " heatmap"))
                        .append("<figcaption>").append(esc(Wording.caption(u))).append("<br>").append(esc(Wording.score(u)))
                        .append("</figcaption></figure>\n");
            }
            h.append("</div>\n");
        }

        h.append("<h2>Class probabilities</h2>\n<div class=\"panels\">\n<table>\n<tbody>\n");
        for (Map.Entry<String, Double> p : Wording.probabilities(e)) {
            boolean explained = p.getKey().equals(e.explained());
            h.append("<tr><td>").append(explained ? "<strong>" : "").append(esc(p.getKey())).append(explained ? "</strong>" : "")
                    .append("</td><td class=\"num\">").append(Wording.fixed(p.getValue(), 4)).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
        var classMap = figure.classMap();
        if (classMap.isPresent()) {
            h.append("<figure class=\"small\">")
                    .append(img(ExplanationFigure.scaled(classMap.get(), Math.max(1, pw / 2), Math.max(1, ph / 2)), "",
                            "probability map of " + e.explained()))
                    .append("<figcaption>P(").append(esc(e.explained()))
                    .append(") over the image: 0 (blue) to 1 (red), not rescaled.</figcaption></figure>\n");
        }
        h.append("</div>\n");

        h.append("<h2>Ground truth</h2>\n");
        GroundTruth truth = e.sample().truth();
        var truthLine = Wording.truthLine(truth);
        if (truthLine.isEmpty()) {
            h.append("<p>None known for this image.</p>\n");
        } else {
            h.append("<p>").append(esc(truthLine.get())).append("</p>\n");
            if (!truth.lesions().isEmpty()) {
                h.append("<ul>\n");
                for (Lesion lesion : truth.lesions()) {
                    h.append("<li>").append(esc(Wording.lesion(lesion, privacy))).append("</li>\n");
                }
                h.append("</ul>\n");
            }
            if (truth.report() != null && truth.report().text() != null && !truth.report().text().isBlank()) {
                h.append("<blockquote>").append(esc(privacy.clean(truth.report().text()))).append("</blockquote>\n");
            }
        }

        h.append("<footer>\n<p>DeepMiner explanation \u00b7 model ").append(esc(e.modelName()));
        if (!provenance.modelSha256().isEmpty()) {
            h.append(" (sha256 ").append(esc(provenance.modelSha256())).append(")");
        }
        if (!provenance.run().isEmpty()) {
            h.append(" \u00b7 run ").append(esc(provenance.run()));
        }
        if (!provenance.source().isEmpty()) {
            h.append(" \u00b7 source ").append(esc(provenance.source()));
        }
        h.append("</p>\n</footer>\n</body>\n</html>\n");
        return h.toString();
    }

    /** An {@code <img>} with the picture inlined as a PNG data URI. */
    private static String img(Picture picture, String cssClass, String alt) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream(64 * 1024);
        picture.writePng(png);
        return "<img" + (cssClass.isEmpty() ? "" : " class=\"" + cssClass + "\"") + " width=\"" + picture.width()
                + "\" height=\"" + picture.height() + "\" alt=\"" + esc(alt) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png.toByteArray()) + "\">";
    }

    /** Text for HTML element content and double-quoted attributes. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(Character.isISOControl(c) && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return b.toString();
    }
}
