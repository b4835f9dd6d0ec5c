package org.deepminer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.deepminer.api.eval.Evaluation;
import org.deepminer.eval.internal.Details;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportWriterTest {
    private static final String PAYLOAD = "<script>alert('x')</script>";
    private static List<RunEvidence> runs;
    private static List<Evaluation> evaluations;

    @BeforeAll
    static void twoRuns() {
        RunEvidence classOnly = SyntheticRuns.run("demo-class-only", SyntheticRuns.Explanations.RANDOM, 90, 2);
        RunEvidence concepts = SyntheticRuns.run("demo-concepts", SyntheticRuns.Explanations.INFORMATIVE, 90, 2);
        // a hostile concept term: it must come out as text, never as markup
        Map<String, String> terms = new HashMap<>(concepts.conceptTerms());
        terms.put("margin-spiculated", PAYLOAD);
        concepts = new RunEvidence(concepts.name(), concepts.provenance(), concepts.classes(), concepts.images(),
                concepts.patches(), concepts.evidence(), concepts.units(), concepts.controlUnits(), concepts.ceilings(),
                concepts.kappa(), concepts.gallery(), terms, concepts.conceptCategories());
        runs = List.of(classOnly, concepts);
        EvaluationOptions options = new EvaluationOptions(5, 200, 20, 5, 1.0, 20);
        evaluations = List.of(Evaluations.evaluate(classOnly, options), Evaluations.evaluate(concepts, options));
    }

    @Test
    void writesAWellFormedSelfContainedReport(@TempDir Path dir) throws Exception {
        ReportWriter.write(runs, evaluations, dir);
        String html = Files.readString(dir.resolve(ReportWriter.HTML_FILE));
        Document doc = parse(html);
        // no script, no external resource: everything inline
        assertEquals(0, doc.getElementsByTagName("script").getLength());
        NodeList images = doc.getElementsByTagName("img");
        assertTrue(images.getLength() >= 4, "two gallery images per run");
        for (int i = 0; i < images.getLength(); i++) {
            assertTrue(((Element) images.item(i)).getAttribute("src").startsWith("data:image/png;base64,"));
        }
        assertFalse(html.contains("src=\"http"), "no external images");
        assertFalse(html.contains("<link"), "no external style sheets");
        assertTrue(doc.getElementsByTagName("svg").getLength() >= 10, "ROC, bars, deletion, IoU plots per run");
        assertTrue(html.contains("@media print") && html.contains("break-before:page"));
        // one row per lesion concept and one for the images without findings, three columns per run
        NodeList tables = doc.getElementsByTagName("table");
        Element byConcept = null;
        for (int i = 0; i < tables.getLength(); i++) {
            if (((Element) tables.item(i)).getAttribute("class").equals("malignancy")) {
                byConcept = (Element) tables.item(i);
            }
        }
        assertNotNull(byConcept, "the malignant probability by lesion concept");
        NodeList rows = ((Element) byConcept.getElementsByTagName("tbody").item(0)).getElementsByTagName("tr");
        assertEquals(Details.malignancyByConcept(runs.get(0), "malignant").size(), rows.getLength());
        assertEquals(7, ((Element) rows.item(0)).getElementsByTagName("td").getLength());
        assertEquals("no finding", ((Element) rows.item(rows.getLength() - 1)).getElementsByTagName("td").item(0).getTextContent());
    }

    @Test
    void escapesTheConceptTerm() throws Exception {
        String html = ReportWriter.html(runs, evaluations);
        assertFalse(html.contains(PAYLOAD));
        assertFalse(html.toLowerCase(java.util.Locale.ROOT).contains("<script"));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        // and the parsed text holds it verbatim: escaped once, not twice
        assertTrue(parse(html).getDocumentElement().getTextContent().contains(PAYLOAD));
    }

    @Test
    void everyTableAndPlotStatesTheProvenance() throws Exception {
        String html = ReportWriter.html(runs, evaluations);
        Document doc = parse(html);
        NodeList sections = doc.getElementsByTagName("section");
        assertTrue(sections.getLength() >= 7);
        for (int i = 0; i < sections.getLength(); i++) {
            String text = sections.item(i).getTextContent();
            assertTrue(text.contains("model.sha256=" + SyntheticRuns.MODEL_HASH), "section " + i);
            assertTrue(text.contains("dataset=phantom-1000") && text.contains("evaluation.seed=5"), "section " + i);
        }
        // one provenance line per table or plot row
        int tables = doc.getElementsByTagName("table").getLength();
        int notes = html.split("class=\"prov\"", -1).length - 1;
        assertTrue(notes >= 10 && notes * 3 >= tables, notes + " provenance notes for " + tables + " tables");
    }

    @Test
    void sideBySideColumnGroupsAndBaselinesBesideEveryValue() throws Exception {
        Document doc = parse(ReportWriter.html(runs, evaluations));
        NodeList tables = doc.getElementsByTagName("table");
        int figureTables = 0;
        for (int i = 0; i < tables.getLength(); i++) {
            Element t = (Element) tables.item(i);
            if (!t.getAttribute("class").equals("figures")) {
                continue;
            }
            figureTables++;
            String header = t.getElementsByTagName("thead").item(0).getTextContent();
            assertTrue(header.contains("demo-class-only") && header.contains("demo-concepts"));
            NodeList rows = t.getElementsByTagName("tbody").item(0).getChildNodes();
            for (int r = 0; r < rows.getLength(); r++) {
                if (rows.item(r) instanceof Element row) {
                    // measure + (value, baselines, ceiling) x 2 runs
                    assertEquals(7, row.getElementsByTagName("td").getLength(), row.getTextContent());
                }
            }
        }
        assertEquals(6, figureTables, "one figure table per section");
    }

    @Test
    void jsonCarriesEveryFigureWithBaselinesAndNullForUndefined(@TempDir Path dir) throws Exception {
        ReportWriter.write(runs, evaluations, dir);
        JsonNode root = new ObjectMapper().readTree(dir.resolve(ReportWriter.JSON_FILE).toFile());
        assertEquals("deepminer-evaluation/1", root.get("format").asText());
        assertEquals(2, root.get("runs").size());
        for (int i = 0; i < 2; i++) {
            JsonNode run = root.get("runs").get(i);
            assertEquals(runs.get(i).name(), run.get("name").asText());
            assertEquals(SyntheticRuns.MODEL_HASH, run.get("provenance").get("model.sha256").asText());
            assertEquals(evaluations.get(i).figures().size(), run.get("figures").size());
            for (JsonNode f : run.get("figures")) {
                assertTrue(f.get("baselines").size() >= 1, f.toString());
            }
            JsonNode auc = find(run.get("figures"), "classification.image.auc.malignant");
            assertEquals(0.95, auc.get("ceiling").asDouble());
            assertEquals(2, auc.get("interval95").size());
            assertEquals(3, run.get("details").get("image_confusion").size());
            assertNotNull(run.get("details").get("image_roc").get("malignant"));
            // the malignant probability per lesion concept, the images without findings last
            JsonNode byConcept = run.get("details").get("malignancy_by_concept");
            assertTrue(byConcept.size() >= 3, byConcept.toString());
            JsonNode last = byConcept.get(byConcept.size() - 1);
            assertEquals("no finding", last.get("term").asText());
            assertEquals(0, last.get("malignant").asInt());
            for (JsonNode m : byConcept) {
                assertEquals(m.get("malignant").asDouble() / m.get("images").asDouble(), m.get("malignant_share").asDouble(), 1e-12);
                double p = m.get("mean_malignant_probability").asDouble();
                assertTrue(p >= 0 && p <= 1, m.toString());
            }
        }
    }

    @Test
    void perImageConceptFiguresAppearInJsonHtmlAndSummary(@TempDir Path dir) throws Exception {
        ReportWriter.write(runs, evaluations, dir);
        JsonNode root = new ObjectMapper().readTree(dir.resolve(ReportWriter.JSON_FILE).toFile());
        for (int i = 0; i < 2; i++) {
            JsonNode figures = root.get("runs").get(i).get("figures");
            for (String view : List.of("exact", "category")) {
                for (String measure : List.of("precision", "recall", "f1")) {
                    String name = "explanation." + view + "." + measure + ".per_image";
                    JsonNode f = find(figures, name);
                    assertEquals(Evaluations.figure(evaluations.get(i), name).orElseThrow().value(),
                            f.get("value").asDouble(), 1e-12);
                    assertTrue(f.get("label").asText().endsWith(", mean over images"), f.get("label").asText());
                    JsonNode b = f.get("baselines");
                    assertTrue(b.get("shuffled").isNumber() && b.get("shuffled sd").isNumber()
                            && b.get("class-prior").isNumber(), b.toString());
                    assertEquals(2, f.get("interval95").size());
                }
                find(figures, "explanation." + view + ".precision-over-shuffled.per_image");
                find(figures, "explanation." + view + ".precision-over-class-prior.per_image");
            }
        }
        // in the report's table, the per-image row follows its total
        Document doc = parse(Files.readString(dir.resolve(ReportWriter.HTML_FILE)));
        List<String> rows = new java.util.ArrayList<>();
        NodeList cells = doc.getElementsByTagName("td");
        for (int i = 0; i < cells.getLength(); i++) {
            String title = ((Element) cells.item(i)).getAttribute("title");
            if (title.startsWith("explanation.")) {
                rows.add(title);
            }
        }
        for (String total : List.of("precision", "recall", "f1", "precision-over-shuffled",
                "precision-over-class-prior")) {
            for (String view : List.of("exact", "category")) {
                int at = rows.indexOf("explanation." + view + "." + total);
                assertTrue(at >= 0, total);
                assertEquals("explanation." + view + "." + total + ".per_image", rows.get(at + 1));
            }
        }
        String text = ReportWriter.summaryText(runs, evaluations);
        assertTrue(text.contains("concept precision (exact ids), mean over images"));
        assertTrue(text.contains("concept f1 (by category), mean over images"));
        assertTrue(text.contains("precision / class-prior (exact ids), mean over images"));
    }

    @Test
    void undefinedNumbersBecomeJsonNull() throws Exception {
        // units without a random-weights control: the baseline is undefined (NaN), and must be written as null
        RunEvidence base = runs.get(1);
        RunEvidence noControl = new RunEvidence("no-control", base.provenance(), base.classes(), base.images(),
                List.of(), base.evidence(), base.units(), List.of(), Map.of(), base.kappa(), List.of(),
                base.conceptTerms(), base.conceptCategories());
        Evaluation e = Evaluations.evaluate(noControl, new EvaluationOptions(1, 50, 20, 5, 1.0, 20));
        assertTrue(Double.isNaN(Evaluations.figure(e, "interpretability.malignant.specific").orElseThrow()
                .baselines().get("random weights")));
        String json = ReportWriter.json(List.of(noControl), List.of(e));
        assertFalse(json.contains("NaN"));
        JsonNode specific = find(new ObjectMapper().readTree(json).get("runs").get(0).get("figures"),
                "interpretability.malignant.specific");
        assertTrue(specific.get("baselines").get("random weights").isNull());
        assertTrue(specific.get("ceiling").isNull());
        // and the HTML prints it as n/a rather than NaN
        String html = ReportWriter.html(List.of(noControl), List.of(e));
        assertTrue(html.contains("random weights n/a"));
        assertFalse(html.contains("NaN"));
    }

    @Test
    void summaryTextHasEverySectionAndBothRuns() {
        String text = ReportWriter.summaryText(runs, evaluations);
        for (String title : List.of("Classification", "Explanation vs report", "Reader analog", "Faithfulness",
                "Localisation", "Unit interpretability", "Malignant probability by lesion concept", "Goals", "Provenance")) {
            assertTrue(text.contains(title), title);
        }
        // the concept table: one row per concept of either run and the images without findings
        org.deepminer.shell.format.Table byConcept = ReportWriter.summary(runs, evaluations).tables().stream()
                .filter(t -> t.title().equals("Malignant probability by lesion concept")).findFirst().orElseThrow();
        assertEquals(Details.malignancyTable(runs).concepts().size(), byConcept.rows().size());
        assertEquals(7, byConcept.columns().size());
        assertEquals("no finding", byConcept.rows().get(byConcept.rows().size() - 1).get(0));
        assertTrue(text.contains("demo-class-only value [95% CI]") && text.contains("demo-concepts value [95% CI]"));
        assertTrue(text.contains("concept precision (exact ids)"));
        assertTrue(text.contains("shuffled ") && text.contains("\u00b1") && text.contains("class-prior "));
        assertEquals(9, ReportWriter.summary(runs, evaluations).tables().size());
    }

    private static JsonNode find(JsonNode figures, String name) {
        for (JsonNode f : figures) {
            if (f.get("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no " + name);
    }

    /** A strict XML parse: unbalanced tags, bare ampersands or unquoted attributes fail it. */
    static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }
}
