package org.deepminer.eval.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deepminer.api.eval.Evaluation;
import org.deepminer.api.eval.Figure;
import org.deepminer.eval.GalleryItem;
import org.deepminer.eval.ImageEvidence;
import org.deepminer.eval.RunEvidence;
import org.deepminer.eval.ScoredItem;
import org.deepminer.eval.UnitRow;

/**
 * evaluation.json: per run its provenance, every figure with baselines, ceiling and interval, and the data
 * behind the plots. Undefined numbers (NaN) are written as null, so any JSON reader takes the file.
 */
public final class JsonReport {
    public static final String FORMAT = "deepminer-evaluation/1";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    public static String render(List<RunEvidence> runs, List<Evaluation> evaluations) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode out = root.putArray("runs");
        for (int i = 0; i < runs.size(); i++) {
            out.add(run(runs.get(i), evaluations.get(i)));
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serialises", e);
        }
    }

    private static ObjectNode run(RunEvidence r, Evaluation e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", r.name());
        n.put("evaluator", e.evaluator());
        ObjectNode prov = n.putObject("provenance");
        new TreeMap<>(e.provenance()).forEach(prov::put);
        ArrayNode classes = n.putArray("classes");
        r.classes().forEach(classes::add);
        ArrayNode figures = n.putArray("figures");
        for (Figure f : e.figures()) {
            ObjectNode fn = figures.addObject();
            fn.put("name", f.name());
            fn.put("label", Catalog.label(f.name()));
            number(fn, "value", f.value());
            ObjectNode b = fn.putObject("baselines");
            for (String k : Catalog.orderedBaselines(f.baselines())) {
                number(b, k, f.baselines().get(k));
            }
            if (f.ceiling().isPresent()) {
                number(fn, "ceiling", f.ceiling().getAsDouble());
            } else {
                fn.putNull("ceiling");
            }
            if (f.interval().length == 2) {
                ArrayNode ci = fn.putArray("interval95");
                numberTo(ci, f.interval()[0]);
                numberTo(ci, f.interval()[1]);
            } else {
                fn.putNull("interval95");
            }
            if (Catalog.lowerIsBetter(f.name())) {
                fn.put("lower_is_better", true);
            }
        }
        ArrayNode goals = n.putArray("goals");
        for (Goals.Result g : Goals.check(e)) {
            ObjectNode gn = goals.addObject();
            gn.put("goal", g.goal());
            gn.put("status", g.status());
            gn.put("detail", g.detail());
        }
        n.set("details", details(r));
        return n;
    }

    private static ObjectNode details(RunEvidence r) {
        ObjectNode d = MAPPER.createObjectNode();
        for (String level : List.of("image", "patch")) {
            List<ScoredItem> items = level.equals("image") ? Details.images(r) : r.patches();
            if (items.isEmpty()) {
                continue;
            }
            ObjectNode roc = d.putObject(level + "_roc");
            for (Map.Entry<String, double[][]> c : Details.rocs(items, r.classes()).entrySet()) {
                ArrayNode pts = roc.putArray(c.getKey());
                for (double[] p : c.getValue()) {
                    ArrayNode pt = pts.addArray();
                    numberTo(pt, p[0]);
                    numberTo(pt, p[1]);
                }
            }
            ArrayNode conf = d.putArray(level + "_confusion");
            for (int[] row : Details.confusion(items, r.classes())) {
                ArrayNode rn = conf.addArray();
                for (int v : row) {
                    rn.add(v);
                }
            }
        }
        ArrayNode concepts = d.putArray("concepts");
        for (Details.ConceptBar b : Details.conceptBars(r.evidence())) {
            ObjectNode cn = concepts.addObject();
            cn.put("concept", b.concept());
            cn.put("term", r.conceptTerms().getOrDefault(b.concept(), b.concept()));
            cn.put("category", r.conceptCategories().getOrDefault(b.concept(), ""));
            cn.put("named", b.named());
            cn.put("reported", b.reported());
            cn.put("both", b.both());
            number(cn, "precision", b.precision());
            number(cn, "recall", b.recall());
            number(cn, "prevalence", b.prevalence());
        }
        ArrayNode malignancy = d.putArray("malignancy_by_concept");
        for (Details.ConceptMalignancy m : Details.malignancyByConcept(r, Details.MALIGNANT)) {
            ObjectNode mn = malignancy.addObject();
            mn.put("concept", m.concept());
            mn.put("term", m.concept().isEmpty() ? "no finding" : r.conceptTerms().getOrDefault(m.concept(), m.concept()));
            mn.put("images", m.images());
            mn.put("malignant", m.positives());
            number(mn, "malignant_share", m.positiveShare());
            number(mn, "mean_malignant_probability", m.meanScore());
            number(mn, "auc_within", m.auc());
        }
        ObjectNode deletion = d.putObject("deletion");
        Details.MeanCurve ranked = Details.meanCurve(r.evidence().stream().map(ImageEvidence::deletionCurve).toList());
        Details.MeanCurve random = Details.meanCurve(r.evidence().stream().map(ImageEvidence::randomDeletionCurve).toList());
        curve(deletion.putArray("explained_mean"), ranked.mean());
        curve(deletion.putArray("random_mean"), random.mean());
        ArrayNode counts = deletion.putArray("explained_count");
        for (int c : ranked.count()) {
            counts.add(c);
        }
        ObjectNode hist = d.putObject("iou_histogram");
        hist.put("bins", Details.IOU_BINS);
        double[] iou = r.evidence().stream().mapToDouble(ImageEvidence::heatmapIou).toArray();
        ArrayNode hn = hist.putArray("heatmap");
        for (int c : Details.histogram(iou, Details.IOU_BINS)) {
            hn.add(c);
        }
        ArrayNode units = d.putArray("units");
        r.units().forEach(u -> unit(units.addObject(), u));
        ArrayNode control = d.putArray("control_units");
        r.controlUnits().forEach(u -> unit(control.addObject(), u));
        ArrayNode gallery = d.putArray("gallery");
        for (GalleryItem g : r.gallery()) {
            ObjectNode gn = gallery.addObject();
            gn.put("id", g.id());
            gn.put("caption", g.caption());
            gn.put("correct", g.correct());
        }
        return d;
    }

    private static void unit(ObjectNode n, UnitRow u) {
        n.put("class", u.clazz());
        n.put("rank", u.rank());
        n.put("unit", u.unit());
        n.put("best_concept", u.bestConcept());
        number(n, "iou", u.iou());
        number(n, "iou_ceiling", u.ceiling());
        number(n, "lift", u.lift());
        n.put("detector", u.detector());
        n.put("specific", u.specific());
        n.put("expert_label", u.expertLabel());
    }

    private static void curve(ArrayNode a, double[] values) {
        for (double v : values) {
            numberTo(a, v);
        }
    }

    private static void number(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    private static void numberTo(ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add(v);
        } else {
            a.addNull();
        }
    }
}
