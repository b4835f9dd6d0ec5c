package org.deepminer.eval.commands.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.deepminer.annotate.Agreement;
import org.deepminer.annotate.AgreementReport;
import org.deepminer.annotate.AnnotationRules;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.AnnotationStore;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.DatasetSource;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.eval.Evaluation;
import org.deepminer.api.explain.ExplainRequest;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.ExplanationRenderer;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.api.explain.UnitContribution;
import org.deepminer.api.explain.UnitLabel;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelInfo;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.deepminer.core.patch.Patch;
import org.deepminer.core.patch.PatchTiler;
import org.deepminer.core.patch.TilingOptions;
import org.deepminer.core.run.Csv;
import org.deepminer.core.run.RunManifest;
import org.deepminer.eval.Evaluations;
import org.deepminer.eval.GalleryItem;
import org.deepminer.eval.ImageEvidence;
import org.deepminer.eval.ReportWriter;
import org.deepminer.eval.RunEvidence;
import org.deepminer.eval.ScoredItem;
import org.deepminer.eval.UnitRow;
import org.deepminer.explain.ExplainerEngine;
import org.deepminer.explain.Explanations;
import org.deepminer.explain.ImageForward;
import org.deepminer.explain.RunModel;
import org.deepminer.mining.ModelInput;
import org.deepminer.shell.services.NamedServices;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code deepminer:eval}: one pass over a split of a run's data set collects what every measure of the
 * evaluation needs (the model's scores of whole images and of patches, each explanation with its ablations
 * and where its heatmap points, the run's unit table and its random-weights control, the data set's
 * ceilings), then {@link Evaluations} computes the figures and {@link ReportWriter} writes them.
 */
@Component(service = EvalCommands.class, property = {"osgi.command.scope=deepminer", "osgi.command.function=eval"})
public class EvalCommands {

    static final int TOP = 20;
    /** Patch side for patch-level AUC when neither the user nor the model says (the trainer's default). */
    static final double DEFAULT_PATCH_FRACTION = 0.25;

    @Reference
    ExplainerEngine explainer;

    final NamedServices<DatasetSource> sources = new NamedServices<>("dataset source for format", "launch with --features data");
    final NamedServices<ExplanationRenderer> renderers = new NamedServices<>("renderer for format", "launch with --features explain");
    final NamedServices<ConceptVocabulary> vocabularies = new NamedServices<>("vocabulary", "launch with --features explain");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile AnnotationStore store;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(ServiceReference<DatasetSource> ref, DatasetSource s) {
        sources.add(String.valueOf(ref.getProperty(ServiceProperties.DATASET_FORMAT)), s);
    }

    void removeSource(DatasetSource s) {
        sources.remove(s);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRenderer(ServiceReference<ExplanationRenderer> ref, ExplanationRenderer r) {
        renderers.add(String.valueOf(ref.getProperty(ServiceProperties.RENDERER_FORMAT)), r);
    }

    void removeRenderer(ExplanationRenderer r) {
        renderers.remove(r);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addVocabulary(ServiceReference<ConceptVocabulary> ref, ConceptVocabulary v) {
        vocabularies.add(String.valueOf(ref.getProperty(ServiceProperties.VOCABULARY_ID)), v);
    }

    void removeVocabulary(ConceptVocabulary v) {
        vocabularies.remove(v);
    }

    @Descriptor("evaluate a run's explanations against the reports, with baselines and ceilings; writes report.html")
    public EvalReport eval(
            @Descriptor("the split evaluated (default test)") @Parameter(names = "--split", absentValue = "test") String split,
            @Descriptor("patch side as a fraction of the image width, for patch-level AUC (default: each model's training patches, else 0.25)") @Parameter(names = "--patch-fraction", absentValue = "0") double fraction,
            @Descriptor("random draws per image for the ablation controls") @Parameter(names = "--draws", absentValue = "200") int draws,
            @Descriptor("score each image with its left-right mirror image too (two forward passes; the class maps averaged)") @Parameter(names = "--mirror", absentValue = "false", presentValue = "true") boolean mirror,
            @Descriptor("seed of every random draw (bootstrap, shuffles, ablation)") @Parameter(names = "--seed", absentValue = "1") long seed,
            @Descriptor("output folder (default <run>/evaluation)") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("the run folder") String run) throws IOException {
        return evaluate(List.of(run), split, fraction, draws, mirror, seed, out);
    }

    @Descriptor("evaluate two runs side by side (e.g. a class-only and a concept-aware model)")
    public EvalReport eval(
            @Descriptor("the split evaluated (default test)") @Parameter(names = "--split", absentValue = "test") String split,
            @Descriptor("patch side as a fraction of the image width, for patch-level AUC (default: each model's training patches, else 0.25)") @Parameter(names = "--patch-fraction", absentValue = "0") double fraction,
            @Descriptor("random draws per image for the ablation controls") @Parameter(names = "--draws", absentValue = "200") int draws,
            @Descriptor("score each image with its left-right mirror image too (two forward passes; the class maps averaged)") @Parameter(names = "--mirror", absentValue = "false", presentValue = "true") boolean mirror,
            @Descriptor("seed of every random draw (bootstrap, shuffles, ablation)") @Parameter(names = "--seed", absentValue = "1") long seed,
            @Descriptor("output folder (default <first run>/evaluation)") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("the first run folder") String run,
            @Descriptor("the second run folder") String other) throws IOException {
        return evaluate(List.of(run, other), split, fraction, draws, mirror, seed, out);
    }

    EvalReport evaluate(List<String> runs, String split, double fraction, int draws, boolean mirror, long seed, String out)
            throws IOException {
        if (fraction < 0 || fraction > 1 || Double.isNaN(fraction)) {
            throw new DeepMinerException(null, "--patch-fraction must be in (0, 1], not " + fraction);
        }
        if (draws < 1) {
            throw new DeepMinerException(null, "--draws must be at least 1");
        }
        List<RunEvidence> evidence = new ArrayList<>();
        List<Evaluation> evaluations = new ArrayList<>();
        for (String r : runs) {
            RunEvidence e = collect(Path.of(r), split, fraction, draws, mirror, seed);
            evidence.add(e);
            evaluations.add(Evaluations.evaluate(e, seed));
        }
        Path dir = out.isEmpty() ? Path.of(runs.get(0)).toAbsolutePath().normalize().resolve("evaluation")
                : Path.of(out).toAbsolutePath().normalize();
        Files.createDirectories(dir);
        ReportWriter.write(evidence, evaluations, dir);
        return new EvalReport(dir.resolve(ReportWriter.HTML_FILE), dir.resolve(ReportWriter.JSON_FILE),
                ReportWriter.summary(evidence, evaluations));
    }

    RunEvidence collect(Path runDir, String split, double asked, int draws, boolean mirror, long seed) throws IOException {
        RunModel run = explainer.runModel(runDir);
        RunManifest m = run.manifest();
        double fraction = patchFraction(asked, run.model().info());
        Map<Integer, UnitLabel> labels = explainer.labels(run);
        Optional<ConceptVocabulary> vocabulary = vocabulary();
        List<String> classes = run.model().info().classes();
        List<ScoredItem> images = new ArrayList<>();
        List<ScoredItem> patches = new ArrayList<>();
        List<ImageEvidence> evidence = new ArrayList<>();
        List<Explanation> explained = new ArrayList<>();
        Random random = new Random(seed);
        PatchTiler tiler = new PatchTiler(TilingOptions.defaults().withFraction(fraction));
        DatasetSource source = source(m.dataset().format());
        try (Dataset ds = source.open(Path.of(m.dataset().path()), DatasetOptions.lenient())) {
            List<SampleRef> refs = ds.samples().stream().filter(r -> split.equals("all") || r.split().label().equals(split))
                    .toList();
            if (refs.isEmpty()) {
                throw new DeepMinerException(m.dataset().path(), "no images in split '" + split + "' of this "
                        + m.dataset().format() + " data set");
            }
            int n = 0;
            for (SampleRef ref : refs) {
                Sample s = ds.load(ref);
                ExplainerEngine.Explained ex = explainer.explainWithForward(new ExplainRequest(runDir, s, Optional.empty(),
                        TOP, 3, mirror));
                Explanation e = ex.explanation();
                explained.add(e);
                images.add(new ScoredItem(s.id(), ref.caseId(), ref.label(), e.probabilities()));
                patches.addAll(patchScores(run, s, tiler));
                evidence.add(evidenceOf(s, ref, e, ex.forward().layer(), draws, random));
                if (++n % 20 == 0 || n == refs.size()) {
                    System.err.printf(Locale.ROOT, "deepminer: eval %s: %d of %d images%n", m.model().name(), n, refs.size());
                }
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new DeepMinerException(m.dataset().path(), e.getMessage(), e);
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("run", runDir.toAbsolutePath().normalize().toString());
        provenance.put("model", m.model().name());
        provenance.put("model.sha256", m.model().sha256());
        provenance.put("layer", m.layer());
        provenance.put("dataset", m.dataset().format() + " " + m.dataset().path());
        provenance.put("dataset.hash", m.dataset().hash());
        provenance.put("split", split);
        provenance.put("mode", m.mode().toString());
        provenance.put("parameters", String.format(Locale.ROOT, "top %d, shown 3, draws %d, seed %d, patch fraction %s%s",
                TOP, draws, seed, fraction, asked > 0 ? "" : run.model().info().patchFraction().isPresent()
                        ? " (the model's training patches)" : " (default; the model does not say)")
                + (mirror ? ", images scored with their left-right mirror images" : ""));
        provenance.put("labels", labels.isEmpty() ? "none" : labels.size() + " units labelled ("
                + labels.values().stream().filter(l -> l.source() == UnitLabel.Source.EXPERT).count() + " by experts)");
        Map<String, String> terms = new HashMap<>();
        Map<String, String> categories = new HashMap<>();
        vocabulary.ifPresent(v -> v.concepts().forEach(c -> {
            terms.put(c.id(), c.term());
            categories.put(c.id(), c.category());
        }));
        return new RunEvidence(m.model().name(), provenance, classes, images, patches, evidence,
                units(runDir.resolve("units.csv"), classes, labels),
                units(runDir.resolve(m.related().getOrDefault("control", "control-random")).resolve("units.csv"), classes, Map.of()),
                ceilings(Path.of(m.dataset().path()), split), kappa(m, vocabulary), gallery(explained), terms, categories);
    }

    /**
     * The patch side patch-level AUC cuts: the user's, else the one the model was trained on, so that side by side
     * runs of models trained on different patch sizes are each measured on their own patches.
     */
    static double patchFraction(double asked, ModelInfo model) {
        return asked > 0 ? asked : model.patchFraction().orElse(DEFAULT_PATCH_FRACTION);
    }

    /** Inter-annotator agreement over concepts (Cohen's or Fleiss' kappa) when two or more experts labelled units. */
    OptionalDouble kappa(RunManifest m, Optional<ConceptVocabulary> vocabulary) {
        AnnotationStore s = store;
        if (s == null) {
            return OptionalDouble.empty();
        }
        List<Annotation> experts = s.current(m.model().sha256(), m.layer()).stream()
                .filter(a -> !AnnotationRules.isAuto(a.annotator())).toList();
        AgreementReport report = Agreement.of(experts, vocabulary.orElse(null));
        double k = report.concepts().value();
        return report.annotators().size() < 2 || Double.isNaN(k) ? OptionalDouble.empty() : OptionalDouble.of(k);
    }

    ImageEvidence evidenceOf(Sample s, SampleRef ref, Explanation e, ImageForward f, int draws, Random random) {
        int c = f.classIndex(e.explained());
        int[] shown = e.units().stream().filter(u -> u.label().isPresent()).mapToInt(UnitContribution::unit).toArray();
        int[] top = Explanations.topPositive(f, c, TOP);
        int[] all = new int[f.units()];
        for (int k = 0; k < all.length; k++) {
            all[k] = k;
        }
        double explainedDrop = shown.length == 0 ? Double.NaN : Evidence.drop(f, c, shown);
        double[] randomDrops = Evidence.randomDrops(f, c, all, shown.length, draws, random);
        // the harder control: other units from the same top 20 (the explained ones left out)
        double[] topDrops = Evidence.randomDrops(f, c, Evidence.without(top, shown), shown.length, draws, random);
        double[] deletion = Evidence.deletionCurve(f, c, f.ranking(c), TOP);
        double[] randomDeletion = Evidence.randomDeletionCurve(f, c, TOP, 20, random);
        int w = s.image().width();
        int h = s.image().height();
        List<Lesion> lesions = s.truth().lesions().stream().filter(l -> !"incidental".equals(l.pathology())).toList();
        boolean[] lesionMask = Evidence.lesions(lesions, w, h);
        double hit = Double.NaN;
        double iou = Double.NaN;
        double baseline = Double.NaN;
        if (lesionMask != null) {
            float[] heat = Evidence.heatmap(e.units(), w, h);
            hit = heat == null ? 0 : Evidence.pointingHit(heat, lesionMask);
            iou = heat == null ? 0 : Evidence.iou(heat, lesionMask, 0.5);
            baseline = Evidence.pointingBaseline(s.image(), lesionMask);
        }
        List<String> concepts = e.units().stream().flatMap(u -> u.label().stream()).map(UnitLabel::conceptId).distinct().toList();
        Set<String> lesionConcepts = new LinkedHashSet<>();
        lesions.forEach(l -> lesionConcepts.addAll(l.concepts()));
        String label = ref.label();
        String pathology = label.equals("benign") || label.equals("malignant") ? label : "";
        return new ImageEvidence(s.id(), ref.caseId(), label, e.probabilities(), e.predicted(), e.explained(), concepts,
                s.truth().report() == null ? Set.of() : nameable(s.truth().report().concepts()), lesionConcepts, pathology, hit, iou,
                explainedDrop, randomDrops, topDrops, deletion, baseline, randomDeletion);
    }

    /** The model's probabilities for each labelled patch of the image, at the run's scale, in one batch. */
    List<ScoredItem> patchScores(RunModel run, Sample s, PatchTiler tiler) {
        List<Patch> tiles = tiler.tiles(s);
        if (tiles.isEmpty()) {
            return List.of();
        }
        LoadedModel model = run.model();
        InputSpec spec = model.info().input();
        int[] whole = run.inputSize(s.image().width(), s.image().height());
        double scale = (double) whole[0] / s.image().height();
        int side = tiles.get(0).box().width();
        int[] size = spec.fixedSize() ? new int[] {spec.height(), spec.width()}
                : new int[] {Math.max(1, (int) Math.round(side * scale)), Math.max(1, (int) Math.round(side * scale))};
        int plane = spec.channels() * size[0] * size[1];
        List<ScoredItem> out = new ArrayList<>();
        int batch = 64;
        for (int from = 0; from < tiles.size(); from += batch) {
            List<Patch> part = tiles.subList(from, Math.min(tiles.size(), from + batch));
            float[] input = new float[part.size() * plane];
            for (int i = 0; i < part.size(); i++) {
                Sample p = PatchTiler.cut(s, part.get(i));
                ModelInput.write(p.image(), spec, size[0], size[1], input, i * plane);
            }
            FloatTensor probs = model.forward(new FloatTensor(new int[] {part.size(), spec.channels(), size[0], size[1]}, input),
                    Set.of()).probabilities();
            int classes = probs.dim(1);
            List<String> names = model.info().classes();
            for (int i = 0; i < part.size(); i++) {
                Map<String, Double> p = new LinkedHashMap<>();
                for (int c = 0; c < classes; c++) {
                    p.put(names.get(c), (double) probs.data()[i * classes + c]);
                }
                out.add(new ScoredItem(part.get(i).idIn(s.id()), s.ref().caseId(), part.get(i).label(), p));
            }
        }
        return out;
    }

    /** Each class's top-20 units of a run's unit table, with their IoU labels and expert labels. */
    static List<UnitRow> units(Path unitsCsv, List<String> classes, Map<Integer, UnitLabel> labels) throws IOException {
        if (!Files.isRegularFile(unitsCsv)) {
            return List.of();
        }
        Csv csv = Csv.read(unitsCsv);
        List<UnitRow> out = new ArrayList<>();
        for (String c : classes) {
            String rankCol = c + "_rank";
            if (!csv.columns().contains(rankCol)) {
                continue;
            }
            for (Map<String, String> row : csv.rows()) {
                int rank = intOf(row.get(rankCol));
                if (rank < 1 || rank > TOP) {
                    continue;
                }
                int unit = intOf(row.get("unit"));
                UnitLabel l = labels.get(unit);
                out.add(new UnitRow(c, rank, unit, row.getOrDefault("best_concept", ""), num(row.get("iou")),
                        num(row.get("ceiling")), num(row.get("lift")), "true".equals(row.get("detector")),
                        "true".equals(row.get("specific")),
                        l != null && l.source() == UnitLabel.Source.EXPERT ? l.conceptId() : "",
                        montage(unitsCsv.getParent(), row.get("montage"))));
            }
        }
        out.sort(java.util.Comparator.comparing(UnitRow::clazz).thenComparingInt(UnitRow::rank));
        return out;
    }

    /** A unit's montage (a path relative to the run), or nothing when it is missing or outside the run. */
    static byte[] montage(Path run, String relative) throws IOException {
        if (relative == null || relative.isEmpty()) {
            return null;
        }
        Path p = run.resolve(relative).normalize();
        return p.startsWith(run) && Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
    }

    /**
     * The report's concepts that an explanation could name: a unit never stands for the breast's density or
     * the assessment, and counting them would understate every explanation's recall alike.
     */
    static Set<String> nameable(Set<String> reportConcepts) {
        Set<String> out = new LinkedHashSet<>();
        for (String c : reportConcepts) {
            if (!c.startsWith("density-") && !c.startsWith("assessment-")) {
                out.add(c);
            }
        }
        return out;
    }

    /** The phantom's ceilings (pathology-model.json) for the split; empty for other data. */
    static Map<String, Double> ceilings(Path dataset, String split) throws IOException {
        Path file = dataset.resolve("pathology-model.json");
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        JsonNode c = new ObjectMapper().readTree(file.toFile()).path("ceiling").path(split);
        Map<String, Double> out = new LinkedHashMap<>();
        if (c.has("malignant_vs_rest_auc")) {
            out.put("auc.malignant", c.get("malignant_vs_rest_auc").asDouble());
        }
        if (c.has("benign_vs_malignant_accuracy")) {
            out.put("accuracy.benign-vs-malignant", c.get("benign_vs_malignant_accuracy").asDouble());
        }
        return out;
    }

    /** A few explanations drawn as PNG (when a png renderer runs): correct and wrong ones of each class. */
    List<GalleryItem> gallery(List<Explanation> explained) {
        Optional<ExplanationRenderer> png = renderers.find("png");
        if (png.isEmpty()) {
            return List.of();
        }
        List<GalleryItem> out = new ArrayList<>();
        Map<String, Integer> taken = new HashMap<>();
        for (Explanation e : explained) {
            String truth = e.sample().ref().label();
            boolean correct = truth.equals(e.predicted());
            String key = truth + "/" + correct;
            if (taken.merge(key, 1, Integer::sum) > 2) {
                continue;
            }
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                png.get().render(e, RenderOptions.defaults(), bytes);
                out.add(new GalleryItem(e.sample().id(), "truth " + truth + "; " + e.sentence(), correct, bytes.toByteArray()));
            } catch (IOException | RuntimeException ex) {
                System.err.println("deepminer: eval: no gallery picture of " + e.sample().id() + ": " + ex.getMessage());
            }
        }
        return out;
    }

    Optional<ConceptVocabulary> vocabulary() {
        return vocabularies.find("birads").or(() -> vocabularies.services().stream().findFirst());
    }

    DatasetSource source(String format) {
        return sources.require(format);
    }

    private static int intOf(String s) {
        try {
            return s == null || s.isEmpty() ? -1 : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static double num(String s) {
        try {
            return s == null || s.isEmpty() ? Double.NaN : Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
