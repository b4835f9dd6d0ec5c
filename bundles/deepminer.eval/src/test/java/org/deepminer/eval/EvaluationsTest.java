package org.deepminer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.eval.Evaluation;
import org.deepminer.api.eval.Figure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EvaluationsTest {
    private static Evaluation informative;
    private static Evaluation random;

    @BeforeAll
    static void evaluateBoth() {
        informative = Evaluations.evaluate(SyntheticRuns.run("informative", SyntheticRuns.Explanations.INFORMATIVE, 240, 1), 7);
        random = Evaluations.evaluate(SyntheticRuns.run("random", SyntheticRuns.Explanations.RANDOM, 240, 1), 7);
    }

    private static Figure figure(Evaluation e, String name) {
        return Evaluations.figure(e, name).orElseThrow(() -> new AssertionError("no figure " + name));
    }

    @Test
    void informativeExplanationsBeatBothBaselines() {
        Figure p = figure(informative, "explanation.exact.precision");
        double shuffled = p.baselines().get("shuffled");
        double prior = p.baselines().get("class-prior");
        assertTrue(p.value() > 2.5 * shuffled, p.value() + " vs shuffled " + shuffled);
        assertTrue(p.value() > 1.3 * prior, p.value() + " vs class-prior " + prior);
        assertEquals(p.value() / shuffled, figure(informative, "explanation.exact.precision-over-shuffled").value(), 1e-12);
        assertEquals(p.value() / prior, figure(informative, "explanation.exact.precision-over-class-prior").value(), 1e-12);
        assertTrue(p.baselines().get("shuffled sd") > 0);
        assertEquals(2, p.interval().length);
        assertTrue(p.interval()[0] <= p.value() && p.value() <= p.interval()[1]);
        // reading the explanation's words tells benign from malignant
        assertTrue(figure(informative, "reader.accuracy").value() > 0.8);
    }

    @Test
    void randomExplanationsDoNot() {
        Figure p = figure(random, "explanation.exact.precision");
        assertTrue(p.value() < p.baselines().get("class-prior"), p.value() + " vs " + p.baselines());
        assertTrue(p.value() < 1.3 * p.baselines().get("shuffled"), p.value() + " vs " + p.baselines());
        assertTrue(figure(random, "explanation.exact.precision-over-shuffled").value() < 1.3);
        assertEquals(0.5, figure(random, "reader.accuracy").value(), 0.1);
        Figure recall = figure(random, "explanation.category.recall");
        assertTrue(recall.value() < 1.3 * recall.baselines().get("shuffled"));
    }

    @Test
    void perImageConceptFiguresByHandBesideTheTotals() {
        // two cases of two views, both views of a case with one report, so every shuffle is the same swap
        List<ImageEvidence> ev = List.of(concepts("i0", "c0", List.of("b"), Set.of("a")),
                concepts("i1", "c0", List.of("a"), Set.of("a")),
                concepts("i2", "c1", List.of("a", "b"), Set.of("b", "c")),
                concepts("i3", "c1", List.of(), Set.of("b", "c")));
        RunEvidence run = new RunEvidence("hand", Map.of(), List.of("benign", "malignant"), List.of(), List.of(), ev,
                List.of(), List.of(), Map.of(), OptionalDouble.empty(), List.of(), Map.of(), Map.of());
        Evaluation e = Evaluations.evaluate(run, new EvaluationOptions(1, 200, 20, 2, 1.0, 20));
        for (String view : List.of("exact", "category")) {
            String prefix = "explanation." + view + ".";
            // per image (P, R, F1): (0, 0, 0), (1, 1, 1), (1/2, 1/2, 1/2), (-, 0, 0); image 3 names nothing
            Figure p = figure(e, prefix + "precision.per_image");
            assertEquals(0.5, p.value(), 1e-12);
            assertEquals(0.5, p.baselines().get("shuffled"), 1e-12);
            assertEquals(0.0, p.baselines().get("shuffled sd"), 1e-12);
            assertEquals(1.0 / 6, p.baselines().get("class-prior"), 1e-12);
            assertEquals(2, p.interval().length);
            Figure r = figure(e, prefix + "recall.per_image");
            assertEquals(0.375, r.value(), 1e-12);
            assertEquals(0.375, r.baselines().get("shuffled"), 1e-12);
            assertEquals(0.125, r.baselines().get("class-prior"), 1e-12);
            // resampling case c0 alone gives 1/2, c1 alone 1/4
            assertTrue(r.interval()[0] >= 0.25 && r.interval()[1] <= 0.5, java.util.Arrays.toString(r.interval()));
            Figure f = figure(e, prefix + "f1.per_image");
            assertEquals(0.375, f.value(), 1e-12);
            assertEquals(1.0 / 3, f.baselines().get("shuffled"), 1e-12);
            assertEquals(0.125, f.baselines().get("class-prior"), 1e-12);
            assertEquals(1.0, figure(e, prefix + "precision-over-shuffled.per_image").value(), 1e-12);
            assertEquals(3.0, figure(e, prefix + "precision-over-class-prior.per_image").value(), 1e-12);
            assertEquals(1.0, figure(e, prefix + "precision-over-class-prior.per_image").baselines().get("no gain"));
            // the totals keep their keys and their micro values: 2 hits of 4 named, of 6 reported
            assertEquals(0.5, figure(e, prefix + "precision").value(), 1e-12);
            assertEquals(1.0 / 3, figure(e, prefix + "recall").value(), 1e-12);
            assertEquals(0.25, figure(e, prefix + "precision").baselines().get("class-prior"), 1e-12);
            assertEquals(2.0, figure(e, prefix + "precision-over-class-prior").value(), 1e-12);
        }
        // each per-image figure directly follows its total
        List<String> names = e.figures().stream().map(Figure::name).toList();
        for (String total : List.of("precision", "recall", "f1", "precision-over-shuffled",
                "precision-over-class-prior")) {
            int at = names.indexOf("explanation.exact." + total);
            assertEquals("explanation.exact." + total + ".per_image", names.get(at + 1));
        }
    }

    @Test
    void theMalignantImageAucIsBrokenDownByNegativeImageAndByFinding() {
        // malignant: masses scored 0.9 and 0.8, a calcification cluster 0.3; normal without findings 0.1 and 0.2,
        // normal with a vascular calcification 0.85; benign 0.5 and 0.95
        List<ImageEvidence> ev = List.of(
                image("m1", "malignant", 0.9, "finding-mass", "margin-spiculated"),
                image("m2", "malignant", 0.8, "finding-mass"),
                image("m3", "malignant", 0.3, "finding-calcification", "calc-fine-pleomorphic"),
                image("n1", "normal", 0.1), image("n2", "normal", 0.2),
                image("n3", "normal", 0.85, "finding-calcification", "calc-vascular"),
                image("b1", "benign", 0.5, "finding-mass"), image("b2", "benign", 0.95, "finding-mass"));
        RunEvidence run = new RunEvidence("hand", Map.of(), List.of("normal", "benign", "malignant"), List.of(), List.of(),
                ev, List.of(), List.of(), Map.of(), OptionalDouble.empty(), List.of(), Map.of(), Map.of());
        Evaluation e = Evaluations.evaluate(run, new EvaluationOptions(1, 50, 5, 2, 1.0, 20));
        String p = "classification.image.auc.malignant.";
        // all 6 pairs against the clean normal images; 1 of 3 against the one with a finding (only 0.9 beats 0.85)
        assertEquals(1.0, figure(e, p + "vs-normal-without-findings").value(), 1e-12);
        assertEquals(1.0 / 3, figure(e, p + "vs-normal-with-findings").value(), 1e-12);
        // against benign: 0.9 and 0.8 beat 0.5, 0.3 beats neither
        assertEquals(2.0 / 6, figure(e, p + "vs-benign").value(), 1e-12);
        // the masses against all 5 non-malignant images: 0.9 beats 4, 0.8 beats 3; the calcification beats 2
        assertEquals(7.0 / 10, figure(e, p + "mass-vs-rest").value(), 1e-12);
        assertEquals(2.0 / 5, figure(e, p + "calcification-vs-rest").value(), 1e-12);
        assertEquals(0.5, figure(e, p + "mass-vs-rest").baselines().get("chance"));
        // no malignant distortion or asymmetry here: no figure rather than an undefined one
        assertTrue(Evaluations.figure(e, p + "distortion-vs-rest").isEmpty());
        assertEquals("AUC malignant vs normal without findings (image)",
                org.deepminer.eval.internal.Catalog.label(p + "vs-normal-without-findings"));
        assertEquals("AUC malignant (mass) vs rest (image)", org.deepminer.eval.internal.Catalog.label(p + "mass-vs-rest"));
    }

    @Test
    void theMalignantProbabilityIsTabulatedByLesionConcept() {
        List<ImageEvidence> ev = List.of(
                image("m1", "malignant", 0.9, "finding-mass", "margin-spiculated"),
                image("m2", "malignant", 0.4, "finding-mass", "margin-circumscribed"),
                image("m3", "malignant", 0.3, "finding-calcification", "calc-fine-pleomorphic"),
                image("n1", "normal", 0.1), image("n2", "normal", 0.2),
                image("n3", "normal", 0.85, "finding-calcification", "calc-vascular"),
                image("b1", "benign", 0.5, "finding-mass", "margin-circumscribed"),
                image("b2", "benign", 0.6, "finding-mass", "margin-spiculated"));
        RunEvidence run = new RunEvidence("hand", Map.of(), List.of("normal", "benign", "malignant"), List.of(), List.of(),
                ev, List.of(), List.of(), Map.of(), OptionalDouble.empty(), List.of(), Map.of(), Map.of());
        List<org.deepminer.eval.internal.Details.ConceptMalignancy> rows =
                org.deepminer.eval.internal.Details.malignancyByConcept(run, "malignant");
        // the highest malignancy rate first, then the most images, then by id; the images without findings last
        assertEquals(List.of("calc-fine-pleomorphic", "finding-mass", "finding-calcification", "margin-circumscribed",
                "margin-spiculated", "calc-vascular", ""),
                rows.stream().map(org.deepminer.eval.internal.Details.ConceptMalignancy::concept).toList());
        var mass = rows.get(1);
        assertEquals(4, mass.images());
        assertEquals(2, mass.positives());
        assertEquals(0.5, mass.positiveShare(), 1e-12);
        assertEquals((0.9 + 0.4 + 0.5 + 0.6) / 4, mass.meanScore(), 1e-12);
        // malignant masses 0.9 and 0.4 against benign 0.5 and 0.6: 0.9 beats both, 0.4 neither
        assertEquals(0.5, mass.auc(), 1e-12);
        var spiculated = rows.get(4);
        assertEquals(1.0, spiculated.auc(), 1e-12);
        assertEquals(0.75, spiculated.meanScore(), 1e-12);
        // one class only: no AUC
        assertTrue(Double.isNaN(rows.get(0).auc()));
        var none = rows.get(rows.size() - 1);
        assertEquals(2, none.images());
        assertEquals(0, none.positives());
        assertEquals(0.15, none.meanScore(), 1e-12);
        // no malignant class, no table
        RunEvidence twoClasses = new RunEvidence("hand", Map.of(), List.of("normal", "benign"), List.of(), List.of(),
                List.of(), List.of(), List.of(), Map.of(), OptionalDouble.empty(), List.of(), Map.of(), Map.of());
        assertTrue(org.deepminer.eval.internal.Details.malignancyByConcept(twoClasses, "malignant").isEmpty());
    }

    @Test
    void runsSideBySideShareOneConceptOrderWithTheImagesWithoutFindingsLast() {
        RunEvidence a = handRun("a", List.of(image("m1", "malignant", 0.9, "margin-spiculated"), image("n1", "normal", 0.1)));
        RunEvidence b = handRun("b", List.of(image("b1", "benign", 0.4, "shape-oval"), image("m2", "malignant", 0.7,
                "margin-spiculated")));
        var table = org.deepminer.eval.internal.Details.malignancyTable(List.of(a, b));
        assertEquals(List.of("margin-spiculated", "shape-oval", ""), table.concepts());
        assertEquals(0.9, table.runs().get(0).get("margin-spiculated").meanScore(), 1e-12);
        assertEquals(0.7, table.runs().get(1).get("margin-spiculated").meanScore(), 1e-12);
        // a concept one run lacks has no row there; only the first run has images without findings
        assertTrue(!table.runs().get(0).containsKey("shape-oval"));
        assertTrue(!table.runs().get(1).containsKey(""));
    }

    private static RunEvidence handRun(String name, List<ImageEvidence> ev) {
        return new RunEvidence(name, Map.of(), List.of("normal", "benign", "malignant"), List.of(), List.of(), ev, List.of(),
                List.of(), Map.of(), OptionalDouble.empty(), List.of(), Map.of(), Map.of());
    }

    private static ImageEvidence image(String id, String trueClass, double malignant, String... findings) {
        Map<String, Double> p = Map.of("normal", (1 - malignant) / 2, "benign", (1 - malignant) / 2, "malignant", malignant);
        return new ImageEvidence(id, "case-" + id, trueClass, p, "malignant", "malignant", List.of(), Set.of(findings),
                Set.of(findings), trueClass.equals("normal") ? "" : trueClass, Double.NaN, Double.NaN, Double.NaN,
                new double[0], new double[0], new double[0], Double.NaN, new double[0]);
    }

    private static ImageEvidence concepts(String id, String caseId, List<String> explanation, Set<String> report) {
        return new ImageEvidence(id, caseId, "malignant", Map.of("benign", 0.3, "malignant", 0.7), "malignant",
                "malignant", explanation, report, report, "malignant", Double.NaN, Double.NaN, Double.NaN,
                new double[0], new double[0], new double[0], Double.NaN, new double[0]);
    }

    @Test
    void perImageFiguresSeparateInformativeFromRandomExplanations() {
        for (String view : List.of("exact", "category")) {
            for (String measure : List.of("precision", "recall", "f1")) {
                Figure good = figure(informative, "explanation." + view + "." + measure + ".per_image");
                Figure bad = figure(random, "explanation." + view + "." + measure + ".per_image");
                assertTrue(good.value() > good.baselines().get("shuffled") + 3 * good.baselines().get("shuffled sd")
                        && good.value() > good.baselines().get("class-prior"), good.name() + " " + good.value()
                        + " vs " + good.baselines());
                assertTrue(good.interval()[0] <= good.value() && good.value() <= good.interval()[1]);
                assertTrue(bad.value() < good.value(), bad.name());
            }
        }
        Figure p = figure(informative, "explanation.exact.precision.per_image");
        assertEquals(p.value() / p.baselines().get("shuffled"),
                figure(informative, "explanation.exact.precision-over-shuffled.per_image").value(), 1e-12);
        assertEquals(p.value() / p.baselines().get("class-prior"),
                figure(informative, "explanation.exact.precision-over-class-prior.per_image").value(), 1e-12);
        assertTrue(figure(random, "explanation.exact.precision-over-class-prior.per_image").value() < 1);
        // an image naming 3 concepts weighs 3/2 of one naming 2 in the total, equal in the mean over images
        assertNotEquals(figure(informative, "explanation.exact.precision").value(), p.value(), 1e-6);
    }

    @Test
    void classificationFiguresCarryChanceCeilingAndCaseInterval() {
        Figure auc = figure(informative, "classification.image.auc.malignant");
        assertEquals(0.5, auc.baselines().get("chance"));
        assertEquals(OptionalDouble.of(0.95), auc.ceiling());
        assertTrue(auc.value() > 0.7 && auc.value() < 1, "the synthetic scores are informative but noisy");
        assertTrue(auc.interval()[0] < auc.value() && auc.value() < auc.interval()[1]);
        // patches have no ceiling of their own in the ceilings map
        assertTrue(figure(informative, "classification.patch.auc.malignant").ceiling().isEmpty());
        Figure acc = figure(informative, "classification.image.accuracy");
        assertEquals(1.0 / 3, acc.baselines().get("majority class"), 1e-12);
        Figure model = figure(informative, "reader.model.accuracy");
        assertEquals(OptionalDouble.of(0.83), model.ceiling());
        assertEquals(model.value(), figure(informative, "reader.accuracy").baselines().get("model"), 1e-12);
        assertEquals(0.552, figure(informative, "reader.accuracy").baselines().get("original paper"));
    }

    @Test
    void interpretabilityFractionsBesideTheRandomWeightsControl() {
        Figure specific = figure(informative, "interpretability.malignant.specific");
        assertEquals(0.5, specific.value(), 1e-12); // 10 of 20
        assertEquals(0.0, specific.baselines().get("random weights"), 1e-12);
        assertEquals(0.75, figure(informative, "interpretability.benign.detector").value(), 1e-12);
        assertEquals(0.05, figure(informative, "interpretability.benign.detector").baselines().get("random weights"), 1e-12);
        assertEquals(0.25, figure(informative, "interpretability.normal.expert-labelled").value(), 1e-12);
        assertEquals(0.61, figure(informative, "interpretability.kappa").value(), 1e-12);
    }

    @Test
    void sameSeedSameFigures() {
        RunEvidence run = SyntheticRuns.run("again", SyntheticRuns.Explanations.INFORMATIVE, 60, 3);
        Evaluation a = Evaluations.evaluate(run, 11);
        Evaluation b = Evaluations.evaluate(run, 11);
        assertEquals(a.figures().size(), b.figures().size());
        for (int i = 0; i < a.figures().size(); i++) {
            Figure x = a.figures().get(i);
            Figure y = b.figures().get(i);
            assertEquals(x.name(), y.name());
            assertEquals(x.value(), y.value());
            assertEquals(x.baselines(), y.baselines());
            assertArrayEquals(x.interval(), y.interval());
        }
        assertEquals("11", a.provenance().get("evaluation.seed"));
        assertEquals(SyntheticRuns.MODEL_HASH, a.provenance().get("model.sha256"));
        assertEquals(Evaluations.EVALUATOR, a.evaluator());
    }

    @Test
    void faithfulnessAndLocalisationByHand() {
        // image 1: drop 0.5 against draws {0.1, 0.5, 0.9}: beats 1, ties 1 -> 0.5; median 0.5 is not beaten
        // image 2: drop 1.0 against draw {0.2}: 1.0, beats the median
        ImageEvidence one = evidence("i1", "c1", 0.5, new double[] {0.1, 0.5, 0.9}, 1, 0.3, 0.1);
        ImageEvidence two = evidence("i2", "c2", 1.0, new double[] {0.2}, 0, 0.5, 0.3);
        RunEvidence run = new RunEvidence("hand", Map.of(), List.of("benign", "malignant"), List.of(), List.of(),
                List.of(one, two), List.of(), List.of(), Map.of(), OptionalDouble.empty(), List.of(), Map.of(), Map.of());
        Evaluation e = Evaluations.evaluate(run, new EvaluationOptions(1, 50, 20, 2, 1.0, 20));
        assertEquals(0.75, figure(e, "faithfulness.paired.top20").value(), 1e-12);
        assertEquals(0.5, figure(e, "faithfulness.beats-median.top20").value(), 1e-12);
        assertEquals(0.5, figure(e, "faithfulness.paired.top20").baselines().get("a random draw"));
        Figure drop = figure(e, "faithfulness.drop.mean");
        assertEquals(0.75, drop.value(), 1e-12);
        assertEquals((0.5 + 0.2) / 2, drop.baselines().get("random from top-20"), 1e-12);
        assertEquals(0.5, figure(e, "localisation.pointing").value(), 1e-12);
        assertEquals(0.2, figure(e, "localisation.pointing").baselines().get("random point"), 1e-12);
        assertEquals(0.4, figure(e, "localisation.iou").value(), 1e-12);
        assertEquals(0.2, figure(e, "localisation.iou").baselines().get("whole breast"), 1e-12);
        // deletion: ranked curve {1, 0} vs random {1, 1}: mean score 0.5 against 1.0
        Figure deletion = figure(e, "faithfulness.deletion.mean-score");
        assertEquals(0.5, deletion.value(), 1e-12);
        assertEquals(1.0, deletion.baselines().get("random order"), 1e-12);
        // no units, no kappa: those figures are absent rather than invented
        assertFalse(e.figures().stream().anyMatch(f -> f.name().startsWith("interpretability.")));
    }

    private static ImageEvidence evidence(String id, String caseId, double drop, double[] top20, double hit,
            double iou, double lesionFraction) {
        return new ImageEvidence(id, caseId, "malignant", Map.of("benign", 0.3, "malignant", 0.7), "malignant",
                "malignant", List.of(), Set.of(), Set.of(), "malignant", hit, iou, drop, new double[] {0.0}, top20,
                new double[] {1, 0}, lesionFraction, new double[] {1, 1});
    }

    @Test
    void badEvidenceIsNamed() {
        RunEvidence good = SyntheticRuns.run("bad", SyntheticRuns.Explanations.INFORMATIVE, 6, 1);
        ScoredItem first = good.images().get(0);
        Map<String, Double> missing = new HashMap<>(first.probabilities());
        missing.remove("benign");
        RunEvidence bad = new RunEvidence(good.name(), good.provenance(), good.classes(),
                List.of(new ScoredItem(first.id(), first.caseId(), first.trueClass(), missing)), good.patches(),
                good.evidence(), good.units(), good.controlUnits(), good.ceilings(), good.kappa(), good.gallery(),
                good.conceptTerms(), good.conceptCategories());
        DeepMinerException ex = assertThrows(DeepMinerException.class, () -> Evaluations.evaluate(bad, 1));
        assertTrue(ex.getMessage().contains(first.id()) && ex.getMessage().contains("benign"), ex.getMessage());
        RunEvidence unknownClass = new RunEvidence(good.name(), good.provenance(), good.classes(),
                List.of(new ScoredItem("x", "c", "cancer", first.probabilities())), List.of(), List.of(), List.of(),
                List.of(), Map.of(), OptionalDouble.empty(), List.of(), Map.of(), Map.of());
        ex = assertThrows(DeepMinerException.class, () -> Evaluations.evaluate(unknownClass, 1));
        assertTrue(ex.getMessage().contains("'cancer'"), ex.getMessage());
    }
}
