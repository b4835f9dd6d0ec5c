package org.deepminer.eval.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.deepminer.api.eval.Evaluation;
import org.deepminer.api.eval.Figure;
import org.deepminer.eval.EvaluationOptions;
import org.deepminer.eval.ImageEvidence;
import org.deepminer.eval.RunEvidence;
import org.deepminer.eval.ScoredItem;
import org.deepminer.eval.UnitRow;

/** Computes every figure of one run. Each section is skipped when the run carries no evidence for it. */
public final class RunMeasures {
    private final RunEvidence run;
    private final EvaluationOptions options;
    private final List<String> classes;
    private final Map<String, Integer> classIndex = new HashMap<>();
    private final List<Figure> figures = new ArrayList<>();

    public RunMeasures(RunEvidence run, EvaluationOptions options) {
        Validation.check(run);
        this.run = run;
        this.options = options;
        this.classes = run.classes();
        for (String c : classes) {
            classIndex.put(c, classIndex.size());
        }
    }

    public Evaluation evaluation(String evaluator) {
        figures.clear();
        classification("image", imageItems());
        wherePositiveImagesAreLost();
        classification("patch", run.patches());
        explanation();
        reader();
        faithfulness();
        localisation();
        interpretability();
        Map<String, String> provenance = new LinkedHashMap<>(run.provenance());
        provenance.put("run", run.name());
        provenance.put("evaluation.seed", Long.toString(options.seed()));
        provenance.put("evaluation.bootstrap-rounds", Integer.toString(options.bootstrapRounds()));
        provenance.put("evaluation.shuffles", Integer.toString(options.shuffles()));
        provenance.put("evaluation.folds", Integer.toString(options.folds()));
        provenance.put("evaluation.lambda", Double.toString(options.lambda()));
        provenance.put("evaluation.top-units", Integer.toString(options.topUnits()));
        return new Evaluation(evaluator, figures, provenance);
    }

    /** The whole images: the scored list, or the evidence when the collector gave no separate list. */
    private List<ScoredItem> imageItems() {
        if (!run.images().isEmpty()) {
            return run.images();
        }
        return run.evidence().stream()
                .map(e -> new ScoredItem(e.id(), e.caseId(), e.trueClass(), e.probabilities())).toList();
    }

    private void add(String name, double value, Map<String, Double> baselines, OptionalDouble ceiling,
            double[] interval) {
        figures.add(new Figure(name, value, baselines, ceiling, interval));
    }

    private OptionalDouble ceiling(String... keys) {
        for (String k : keys) {
            Double v = run.ceilings().get(k);
            if (v != null) {
                return OptionalDouble.of(v);
            }
        }
        return OptionalDouble.empty();
    }

    /** The class with the highest probability; the first in class order on a tie. */
    static int argmax(Map<String, Double> p, List<String> classes) {
        int best = 0;
        for (int c = 1; c < classes.size(); c++) {
            if (p.get(classes.get(c)) > p.get(classes.get(best))) {
                best = c;
            }
        }
        return best;
    }

    private void classification(String level, List<ScoredItem> items) {
        if (items.isEmpty()) {
            return;
        }
        int n = items.size();
        Cases cases = Cases.of(items.stream().map(ScoredItem::caseId).toList());
        CaseBootstrap boot = new CaseBootstrap(cases, options.bootstrapRounds(), options.seed());
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = classIndex.get(items.get(i).trueClass());
        }
        for (int c = 0; c < classes.size(); c++) {
            String clazz = classes.get(c);
            double[] s = new double[n];
            boolean[] positive = new boolean[n];
            for (int i = 0; i < n; i++) {
                s[i] = items.get(i).probabilities().get(clazz);
                positive[i] = truth[i] == c;
            }
            WeightedAuc auc = new WeightedAuc(s, positive);
            // a constant score (the class prior) ranks nothing: AUC 0.5 is both chance and the prior's AUC
            add(Catalog.auc(level, clazz), auc.observed(), Map.of("chance", 0.5),
                    level.equals("image") ? ceiling("image.auc." + clazz, "auc." + clazz)
                            : ceiling(level + ".auc." + clazz),
                    boot.interval95(auc));
        }
        double[] correct = new double[n];
        int[] perClass = new int[classes.size()];
        for (int i = 0; i < n; i++) {
            correct[i] = argmax(items.get(i).probabilities(), classes) == truth[i] ? 1 : 0;
            perClass[truth[i]]++;
        }
        double majority = Arrays.stream(perClass).max().orElse(0) / (double) n;
        add(Catalog.accuracy(level), mean(correct), Map.of("majority class", majority),
                ceiling(level + ".accuracy"), boot.interval95(weightedMean(correct)));
    }

    /** The findings a malignant image may carry, by the vocabulary's concept id, with the figure's suffix. */
    static final Map<String, String> FINDINGS = new java.util.LinkedHashMap<>();
    static {
        FINDINGS.put("finding-mass", "mass");
        FINDINGS.put("finding-calcification", "calcification");
        FINDINGS.put("architectural-distortion", "distortion");
        FINDINGS.put("asymmetry-focal", "asymmetry");
    }

    /**
     * Where the whole-image malignant AUC is lost: malignant images against each kind of negative image
     * (normal without any finding, normal with an incidental finding, benign), and the malignant images of each
     * finding against all the others. Needs the images' true lesion concepts (the explainer's evidence); a
     * subset without positives or negatives gives no figure.
     */
    private void wherePositiveImagesAreLost() {
        String positive = "malignant";
        if (!classIndex.containsKey(positive) || run.evidence().isEmpty()) {
            return;
        }
        // scores as the image AUC has them; the true findings from the explainer's evidence
        Map<String, Set<String>> findings = new HashMap<>();
        run.evidence().forEach(e -> findings.put(e.id(), e.lesionConcepts()));
        List<ScoredItem> items = imageItems().stream().filter(i -> findings.containsKey(i.id())).toList();
        java.util.function.Predicate<ScoredItem> isPositive = i -> i.trueClass().equals(positive);
        subsetAuc("vs-normal-without-findings", items, isPositive,
                i -> i.trueClass().equals("normal") && findings.get(i.id()).isEmpty());
        subsetAuc("vs-normal-with-findings", items, isPositive,
                i -> i.trueClass().equals("normal") && !findings.get(i.id()).isEmpty());
        subsetAuc("vs-benign", items, isPositive, i -> i.trueClass().equals("benign"));
        for (Map.Entry<String, String> f : FINDINGS.entrySet()) {
            subsetAuc(f.getValue() + "-vs-rest", items, i -> isPositive.test(i) && findings.get(i.id()).contains(f.getKey()),
                    isPositive.negate());
        }
    }

    private void subsetAuc(String suffix, List<ScoredItem> items, java.util.function.Predicate<ScoredItem> positive,
            java.util.function.Predicate<ScoredItem> negative) {
        List<ScoredItem> kept = items.stream().filter(i -> positive.test(i) || negative.test(i)).toList();
        boolean[] pos = new boolean[kept.size()];
        double[] s = new double[kept.size()];
        int positives = 0;
        for (int i = 0; i < kept.size(); i++) {
            pos[i] = positive.test(kept.get(i));
            s[i] = kept.get(i).probabilities().get("malignant");
            positives += pos[i] ? 1 : 0;
        }
        if (positives == 0 || positives == kept.size()) {
            return;
        }
        CaseBootstrap boot = new CaseBootstrap(Cases.of(kept.stream().map(ScoredItem::caseId).toList()),
                options.bootstrapRounds(), options.seed());
        WeightedAuc auc = new WeightedAuc(s, pos);
        add(Catalog.auc("image", "malignant") + "." + suffix, auc.observed(), Map.of("chance", 0.5), OptionalDouble.empty(),
                boot.interval95(auc));
    }

    private void explanation() {
        List<ImageEvidence> ev = run.evidence();
        if (ev.isEmpty()) {
            return;
        }
        Cases cases = Cases.of(ev.stream().map(ImageEvidence::caseId).toList());
        if (cases.count() < 2) {
            return;
        }
        int n = ev.size();
        int[] explained = new int[n];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            explained[i] = classIndex.get(ev.get(i).explained());
            truth[i] = classIndex.get(ev.get(i).trueClass());
        }
        ConceptAgreement agreement = new ConceptAgreement(ev.stream().map(ImageEvidence::explanationConcepts).toList(),
                ev.stream().map(ImageEvidence::reportConcepts).toList(), run.conceptCategories(), cases, explained,
                truth, classes.size());
        ConceptAgreement.View[] views;
        try {
            views = agreement.evaluate(options.shuffles(), options.seed());
        } catch (org.deepminer.api.DeepMinerException e) {
            throw new org.deepminer.api.DeepMinerException("run '" + run.name() + "'", e.getMessage(), e);
        }
        CaseBootstrap boot = new CaseBootstrap(cases, options.bootstrapRounds(), options.seed());
        String[] viewNames = {"exact", "category"};
        for (int v = 0; v < 2; v++) {
            ConceptAgreement.View view = views[v];
            ConceptAgreement.Tally own = view.explanation();
            ConceptAgreement.Tally prior = view.classPrior();
            ConceptAgreement.Spread sh = view.shuffled();
            ConceptAgreement.Spread shImage = view.shuffledPerImage();
            String prefix = "explanation." + viewNames[v] + ".";
            // each per-image (macro) figure follows its total, so tables print the two side by side
            add(prefix + "precision", own.precision(), baselines(sh.precisionMean(), sh.precisionSd(), prior.precision()),
                    OptionalDouble.empty(), boot.interval95(own.precisionStatistic()));
            add(prefix + "precision" + Catalog.PER_IMAGE, own.precisionMeanOverImages(),
                    baselines(shImage.precisionMean(), shImage.precisionSd(), prior.precisionMeanOverImages()),
                    OptionalDouble.empty(), boot.interval95(own.precisionPerImageStatistic()));
            add(prefix + "recall", own.recall(), baselines(sh.recallMean(), sh.recallSd(), prior.recall()),
                    OptionalDouble.empty(), boot.interval95(own.recallStatistic()));
            add(prefix + "recall" + Catalog.PER_IMAGE, own.recallMeanOverImages(),
                    baselines(shImage.recallMean(), shImage.recallSd(), prior.recallMeanOverImages()),
                    OptionalDouble.empty(), boot.interval95(own.recallPerImageStatistic()));
            add(prefix + "f1", own.f1(), baselines(sh.f1Mean(), sh.f1Sd(), prior.f1()), OptionalDouble.empty(),
                    boot.interval95(own.f1Statistic()));
            add(prefix + "f1" + Catalog.PER_IMAGE, own.f1MeanOverImages(),
                    baselines(shImage.f1Mean(), shImage.f1Sd(), prior.f1MeanOverImages()), OptionalDouble.empty(),
                    boot.interval95(own.f1PerImageStatistic()));
            add(prefix + "precision-over-shuffled", own.precision() / sh.precisionMean(), Map.of("no gain", 1.0),
                    OptionalDouble.empty(), null);
            add(prefix + "precision-over-shuffled" + Catalog.PER_IMAGE,
                    own.precisionMeanOverImages() / shImage.precisionMean(), Map.of("no gain", 1.0),
                    OptionalDouble.empty(), null);
            add(prefix + "precision-over-class-prior", own.precision() / prior.precision(), Map.of("no gain", 1.0),
                    OptionalDouble.empty(), null);
            add(prefix + "precision-over-class-prior" + Catalog.PER_IMAGE,
                    own.precisionMeanOverImages() / prior.precisionMeanOverImages(), Map.of("no gain", 1.0),
                    OptionalDouble.empty(), null);
        }
    }

    private static Map<String, Double> baselines(double shuffledMean, double shuffledSd, double classPrior) {
        Map<String, Double> b = new LinkedHashMap<>();
        b.put(Catalog.SHUFFLED, shuffledMean);
        b.put(Catalog.SHUFFLED_SD, shuffledSd);
        b.put("class-prior", classPrior);
        return b;
    }

    private void reader() {
        List<ImageEvidence> ev = run.evidence().stream().filter(e -> !e.truePathology().isEmpty()).toList();
        if (ev.isEmpty()) {
            return;
        }
        int n = ev.size();
        boolean[] malignant = new boolean[n];
        boolean[] modelSays = new boolean[n];
        boolean modelKnown = classIndex.containsKey("benign") && classIndex.containsKey("malignant");
        int positives = 0;
        for (int i = 0; i < n; i++) {
            ImageEvidence e = ev.get(i);
            malignant[i] = e.truePathology().equals("malignant");
            positives += malignant[i] ? 1 : 0;
            modelSays[i] = modelKnown && e.probabilities().get("malignant") > e.probabilities().get("benign");
        }
        Cases cases = Cases.of(ev.stream().map(ImageEvidence::caseId).toList());
        CaseBootstrap boot = new CaseBootstrap(cases, options.bootstrapRounds(), options.seed());
        ReaderAnalog.Result reader = ReaderAnalog.crossValidate(
                ev.stream().map(e -> Set.copyOf(e.explanationConcepts())).toList(), malignant, cases, options.folds(),
                options.lambda(), options.seed());
        ReaderAnalog.Result ceilingReader = ReaderAnalog.crossValidate(
                ev.stream().map(ImageEvidence::lesionConcepts).toList(), malignant, cases, options.folds(),
                options.lambda(), options.seed());
        ReaderAnalog.Result model = ReaderAnalog.summarise(modelSays, malignant);
        double modelAccuracy = modelKnown ? model.accuracy() : Double.NaN;
        double majority = Math.max(positives, n - positives) / (double) n;

        Map<String, Double> acc = new LinkedHashMap<>();
        acc.put("original paper", Catalog.PAPER_READER_ACCURACY);
        acc.put("model", modelAccuracy);
        acc.put("majority class", majority);
        add("reader.accuracy", reader.accuracy(), acc, OptionalDouble.of(ceilingReader.accuracy()),
                boot.interval95(ReaderAnalog.accuracyStatistic(reader.guessedMalignant(), malignant)));
        add("reader.sensitivity", reader.sensitivity(), Map.of("original paper", Catalog.PAPER_READER_SENSITIVITY,
                "model", modelKnown ? model.sensitivity() : Double.NaN), OptionalDouble.of(ceilingReader.sensitivity()),
                null);
        add("reader.specificity", reader.specificity(), Map.of("original paper", Catalog.PAPER_READER_SPECIFICITY,
                "model", modelKnown ? model.specificity() : Double.NaN), OptionalDouble.of(ceilingReader.specificity()),
                null);
        OptionalDouble bayes = ceiling("accuracy.benign-vs-malignant");
        add("reader.model.accuracy", modelAccuracy, Map.of("majority class", majority), bayes,
                modelKnown ? boot.interval95(ReaderAnalog.accuracyStatistic(modelSays, malignant)) : null);
        add("reader.true-concepts.accuracy", ceilingReader.accuracy(), Map.of("majority class", majority), bayes,
                boot.interval95(ReaderAnalog.accuracyStatistic(ceilingReader.guessedMalignant(), malignant)));
    }

    private void faithfulness() {
        List<ImageEvidence> ev = run.evidence().stream().filter(e -> Double.isFinite(e.explainedDrop())).toList();
        if (ev.isEmpty()) {
            return;
        }
        int n = ev.size();
        Cases cases = Cases.of(ev.stream().map(ImageEvidence::caseId).toList());
        CaseBootstrap boot = new CaseBootstrap(cases, options.bootstrapRounds(), options.seed());
        double[] drop = new double[n];
        double[] randomMean = new double[n];
        double[] top20Mean = new double[n];
        for (int i = 0; i < n; i++) {
            drop[i] = ev.get(i).explainedDrop();
            randomMean[i] = meanOrNaN(ev.get(i).randomDrops());
            top20Mean[i] = meanOrNaN(ev.get(i).top20RandomDrops());
        }
        Map<String, Double> dropBaselines = new LinkedHashMap<>();
        dropBaselines.put("random units", mean(randomMean));
        dropBaselines.put("random from top-20", mean(top20Mean));
        add("faithfulness.drop.mean", mean(drop), dropBaselines, OptionalDouble.empty(),
                boot.interval95(weightedMean(drop)));
        paired("top20", ev, ImageEvidence::top20RandomDrops, boot);
        paired("random", ev, ImageEvidence::randomDrops, boot);
        deletion(ev, boot);
    }

    /**
     * Per image, the share of random draws whose drop the explained drop exceeds (ties half), averaged; and
     * the share of images whose drop exceeds the median draw. A set no better than a random draw scores 0.5.
     */
    private void paired(String kind, List<ImageEvidence> ev, java.util.function.Function<ImageEvidence, double[]> draws,
            CaseBootstrap all) {
        int n = ev.size();
        double[] beaten = new double[n];
        double[] beatsMedian = new double[n];
        int usable = 0;
        for (int i = 0; i < n; i++) {
            double[] d = draws.apply(ev.get(i)).clone();
            d = Arrays.stream(d).filter(Double::isFinite).toArray();
            if (d.length == 0) {
                beaten[i] = Double.NaN;
                beatsMedian[i] = Double.NaN;
                continue;
            }
            usable++;
            double drop = ev.get(i).explainedDrop();
            double wins = 0;
            for (double x : d) {
                wins += drop > x ? 1 : drop == x ? 0.5 : 0;
            }
            beaten[i] = wins / d.length;
            Arrays.sort(d);
            beatsMedian[i] = drop > CaseBootstrap.quantile(d, 0.5) ? 1 : 0;
        }
        if (usable == 0) {
            return;
        }
        add("faithfulness.paired." + kind, mean(beaten), Map.of("a random draw", 0.5), OptionalDouble.empty(),
                all.interval95(weightedMean(beaten)));
        add("faithfulness.beats-median." + kind, mean(beatsMedian), Map.of("a random draw", 0.5),
                OptionalDouble.empty(), all.interval95(weightedMean(beatsMedian)));
    }

    /** The mean class score along the deletion curve: a faithful ranking loses its score early. */
    private void deletion(List<ImageEvidence> ev, CaseBootstrap all) {
        int n = ev.size();
        boolean withRandom = ev.stream().anyMatch(e -> e.deletionCurve().length > 1 && e.randomDeletionCurve().length > 1);
        double[] area = new double[n];
        double[] randomArea = new double[n];
        double[] intact = new double[n];
        int usable = 0;
        for (int i = 0; i < n; i++) {
            double[] curve = ev.get(i).deletionCurve();
            double[] random = ev.get(i).randomDeletionCurve();
            int length = withRandom ? Math.min(curve.length, random.length) : curve.length;
            if (length < 2) {
                area[i] = Double.NaN;
                randomArea[i] = Double.NaN;
                intact[i] = Double.NaN;
                continue;
            }
            usable++;
            area[i] = mean(Arrays.copyOf(curve, length));
            randomArea[i] = withRandom ? mean(Arrays.copyOf(random, length)) : Double.NaN;
            intact[i] = curve[0];
        }
        if (usable == 0) {
            return;
        }
        Map<String, Double> b = new LinkedHashMap<>();
        if (withRandom) {
            b.put("random order", mean(randomArea));
        }
        b.put("intact score", mean(intact));
        add("faithfulness.deletion.mean-score", mean(area), b, OptionalDouble.empty(), all.interval95(weightedMean(area)));
    }

    private void localisation() {
        List<ImageEvidence> pointing = run.evidence().stream().filter(e -> Double.isFinite(e.pointingHit())).toList();
        if (!pointing.isEmpty()) {
            double[] hit = pointing.stream().mapToDouble(ImageEvidence::pointingHit).toArray();
            double[] chance = pointing.stream().mapToDouble(ImageEvidence::pointingBaseline).toArray();
            CaseBootstrap boot = new CaseBootstrap(Cases.of(pointing.stream().map(ImageEvidence::caseId).toList()),
                    options.bootstrapRounds(), options.seed());
            add("localisation.pointing", mean(hit), Map.of("random point", mean(chance)), OptionalDouble.empty(),
                    boot.interval95(weightedMean(hit)));
        }
        List<ImageEvidence> overlap = run.evidence().stream().filter(e -> Double.isFinite(e.heatmapIou())).toList();
        if (!overlap.isEmpty()) {
            double[] iou = overlap.stream().mapToDouble(ImageEvidence::heatmapIou).toArray();
            double[] whole = overlap.stream().mapToDouble(ImageEvidence::pointingBaseline).toArray();
            CaseBootstrap boot = new CaseBootstrap(Cases.of(overlap.stream().map(ImageEvidence::caseId).toList()),
                    options.bootstrapRounds(), options.seed());
            // a heatmap that covers the whole breast has IoU = lesion area / breast area with the lesion
            add("localisation.iou", mean(iou), Map.of("whole breast", mean(whole)), OptionalDouble.empty(),
                    boot.interval95(weightedMean(iou)));
        }
    }

    private void interpretability() {
        Set<String> unitClasses = new LinkedHashSet<>(classes);
        run.units().forEach(u -> unitClasses.add(u.clazz()));
        for (String clazz : unitClasses) {
            List<UnitRow> top = top(run.units(), clazz);
            if (top.isEmpty()) {
                continue;
            }
            List<UnitRow> control = top(run.controlUnits(), clazz);
            String prefix = "interpretability." + clazz + ".";
            add(prefix + "specific", fraction(top, UnitRow::specific),
                    Map.of("random weights", fraction(control, UnitRow::specific)), OptionalDouble.empty(), null);
            add(prefix + "detector", fraction(top, UnitRow::detector),
                    Map.of("random weights", fraction(control, UnitRow::detector)), OptionalDouble.empty(), null);
            add(prefix + "expert-labelled", fraction(top, u -> !u.expertLabel().isEmpty()),
                    Map.of("random weights", fraction(control, u -> !u.expertLabel().isEmpty())),
                    OptionalDouble.empty(), null);
        }
        if (run.kappa().isPresent()) {
            add("interpretability.kappa", run.kappa().getAsDouble(), Map.of("chance agreement", 0.0),
                    OptionalDouble.empty(), null);
        }
    }

    private List<UnitRow> top(List<UnitRow> units, String clazz) {
        return units.stream().filter(u -> u.clazz().equals(clazz)).sorted(Comparator.comparingInt(UnitRow::rank))
                .limit(options.topUnits()).toList();
    }

    private static double fraction(List<UnitRow> units, java.util.function.Predicate<UnitRow> test) {
        if (units.isEmpty()) {
            return Double.NaN;
        }
        return units.stream().filter(test).count() / (double) units.size();
    }

    /** Mean of the finite values; NaN when there are none. */
    static double mean(double[] a) {
        double s = 0;
        int n = 0;
        for (double x : a) {
            if (Double.isFinite(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    private static double meanOrNaN(double[] a) {
        return a.length == 0 ? Double.NaN : mean(a);
    }

    /** The mean of the finite values under bootstrap weights. */
    static CaseBootstrap.Statistic weightedMean(double[] values) {
        return w -> {
            double s = 0;
            double n = 0;
            for (int i = 0; i < values.length; i++) {
                if (Double.isFinite(values[i])) {
                    s += w[i] * values[i];
                    n += w[i];
                }
            }
            return n == 0 ? Double.NaN : s / n;
        };
    }
}
