package org.deepminer.annotate.web.internal;

import static org.deepminer.annotate.web.internal.Html.attr;
import static org.deepminer.annotate.web.internal.Html.number;
import static org.deepminer.annotate.web.internal.Html.text;
import static org.deepminer.annotate.web.internal.Html.url;
import static org.deepminer.annotate.web.internal.Layout.BASE;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deepminer.annotate.Agreement;
import org.deepminer.annotate.AgreementReport;
import org.deepminer.annotate.Consensus;
import org.deepminer.annotate.Kappa;
import org.deepminer.annotate.web.internal.Layout.Crumb;
import org.deepminer.annotate.web.internal.Layout.Viewer;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.UnitKey;

/**
 * How far the experts agree on a run's layer: Cohen's kappa for two, Fleiss' for more, over concepts and over
 * their categories, each pair's kappa, and every rated unit's consensus. A viewer sees the other experts'
 * ratings only of units they rated themselves; the numbers are shown to everyone.
 */
final class AgreementPage {
    private AgreementPage() {}

    static String render(Viewer viewer, ServedRun run, List<Annotation> current, Terms terms) {
        AgreementReport report = Agreement.of(current, terms.vocabulary().orElse(null));
        Map<UnitKey, Map<String, Annotation>> byUnit = new HashMap<>();
        for (Annotation a : current) {
            byUnit.computeIfAbsent(a.unit(), u -> new HashMap<>()).merge(a.annotator(), a,
                    (x, y) -> y.time().isBefore(x.time()) ? x : y);
        }
        String runUrl = BASE + "/runs/" + url(run.id());
        StringBuilder b = new StringBuilder(16 * 1024);
        b.append("<section class=\"runhead\"><div><h1>Agreement</h1><p class=\"meta\">").append(text(Pages.runMeta(run)))
                .append(" · ").append(report.annotators().size()).append(report.annotators().size() == 1 ? " annotator" : " annotators")
                .append(" · ").append(report.units()).append(report.units() == 1 ? " unit rated" : " units rated")
                .append("</p></div></section>\n");
        b.append("<div class=\"kappas\">");
        b.append(kappaCard("Concepts", "each expert's first concept, or no label", report.concepts(), "kappa-concepts"));
        b.append(kappaCard("Categories", "the concept's lexicon category", report.categories(), "kappa-categories"));
        b.append("<div class=\"kcard\"><h2>Annotators</h2><p class=\"names\" id=\"annotators\">")
                .append(report.annotators().isEmpty() ? "none yet" : text(String.join(", ", report.annotators())))
                .append("</p><p class=\"hint\">Automatic (IoU) labels are not a rater.</p></div>");
        b.append("</div>\n");

        if (report.pairs().size() > 1) {
            b.append("<section class=\"card\"><h2>Pairs</h2><table class=\"data\"><thead><tr><th>Annotators</th>"
                    + "<th>κ concepts</th><th>κ categories</th><th>Units both rated</th></tr></thead><tbody>");
            for (AgreementReport.PairAgreement p : report.pairs()) {
                b.append("<tr><td>").append(text(p.first() + " · " + p.second())).append("</td><td>")
                        .append(kappaValue(p.concepts())).append("</td><td>").append(kappaValue(p.categories()))
                        .append("</td><td>").append(p.concepts().units()).append("</td></tr>");
            }
            b.append("</tbody></table></section>\n");
        }

        b.append("<section class=\"card\"><h2>Units</h2>");
        if (report.consensus().isEmpty()) {
            b.append("<p class=\"hint\">No expert has labelled a unit of this layer yet.</p>");
        } else {
            b.append("<table class=\"data\" id=\"agreement-units\"><thead><tr><th>Unit</th><th>IoU suggestion</th><th>Consensus</th>");
            for (String a : report.annotators()) {
                b.append("<th>").append(text(a)).append("</th>");
            }
            b.append("</tr></thead><tbody>");
            for (Consensus c : report.consensus().values()) {
                int unit = c.unit().unit();
                Map<String, Annotation> ratings = byUnit.getOrDefault(c.unit(), Map.of());
                boolean visible = ratings.containsKey(viewer.user());
                b.append("<tr><td><a href=\"").append(attr(runUrl + "/units/" + unit)).append("\">Unit ").append(unit)
                        .append("</a></td><td>")
                        .append(run.unit(unit).flatMap(ServedRun.UnitRow::suggestion)
                                .map(s -> text(terms.term(s.conceptId())) + " <small>" + number(s.iou()) + "</small>")
                                .orElse("–"))
                        .append("</td>");
                if (visible) {
                    b.append("<td><b>").append(c.labelled() ? text(terms.term(c.conceptId())) : "no label").append("</b> <small>")
                            .append(c.votes()).append("/").append(c.raters()).append("</small></td>");
                    for (String a : report.annotators()) {
                        Annotation e = ratings.get(a);
                        b.append("<td>").append(e == null ? "<span class=\"muted\">–</span>" : text(Pages.entrySummary(e, terms)))
                                .append("</td>");
                    }
                } else {
                    b.append("<td colspan=\"").append(report.annotators().size() + 1)
                            .append("\" class=\"muted\">").append(c.raters()).append(c.raters() == 1 ? " rating" : " ratings")
                            .append(", shown once you have labelled this unit</td>");
                }
                b.append("</tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("</section>\n");
        return Layout.page(viewer, "Agreement · " + run.title(), "agreement", b.toString(),
                new Crumb(run.title(), runUrl), new Crumb("Agreement", null));
    }

    private static String kappaCard(String title, String over, Kappa k, String id) {
        StringBuilder b = new StringBuilder();
        b.append("<div class=\"kcard\" id=\"").append(attr(id)).append("\"><h2>").append(text(title)).append("</h2>")
                .append("<p class=\"kvalue\">").append(k.defined() ? "κ = " + number(k.value()) : "κ undefined").append("</p>")
                .append("<p class=\"hint\">").append(text(method(k))).append(" over ").append(text(over)).append("</p>");
        List<String> facts = new ArrayList<>();
        facts.add(k.units() + (k.units() == 1 ? " unit" : " units"));
        facts.add(k.raters() + " raters");
        if (!Double.isNaN(k.observed())) {
            facts.add("observed " + number(k.observed()));
            facts.add("chance " + number(k.expected()));
        }
        b.append("<p class=\"facts\">").append(text(String.join(" · ", facts))).append("</p>");
        if (!k.note().isEmpty()) {
            b.append("<p class=\"hint\">").append(text(k.note())).append("</p>");
        }
        return b.append("</div>").toString();
    }

    private static String method(Kappa k) {
        return switch (k.method()) {
            case "cohen" -> "Cohen's kappa";
            case "fleiss" -> "Fleiss' kappa";
            default -> "kappa";
        };
    }

    private static String kappaValue(Kappa k) {
        return k.defined() ? number(k.value()) : "<span class=\"muted\" title=\"" + attr(k.note()) + "\">–</span>";
    }
}
