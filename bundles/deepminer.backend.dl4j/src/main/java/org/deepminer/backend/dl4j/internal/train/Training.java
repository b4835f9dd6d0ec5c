package org.deepminer.backend.dl4j.internal.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.DatasetSource;
import org.deepminer.api.data.Split;
import org.deepminer.backend.dl4j.internal.Nd4jContext;
import org.deepminer.backend.dl4j.internal.Network;
import org.deepminer.backend.dl4j.internal.NetworkFile;
import org.deepminer.backend.dl4j.internal.NetworkMetadata;

/**
 * {@code deepminer:train} end to end: opens the data set, cuts it into patches, trains (or resumes) in the
 * work folder {@code <out>.training/} beside the bundle, scores the best epoch's network on the validation and
 * test splits, and writes the model bundle.
 */
public final class Training {
    /** Per concept: the fitted P(last class) averaged over its training lesions, beside their drawn share. */
    static String describe(LesionPosterior posterior, List<LesionPosterior.Example> lesions) {
        String last = posterior.classes().get(posterior.classes().size() - 1);
        Map<String, double[]> by = new java.util.TreeMap<>();
        for (LesionPosterior.Example e : lesions) {
            double p = posterior.of(e.concepts())[posterior.classes().size() - 1];
            for (String c : e.concepts()) {
                double[] a = by.computeIfAbsent(c, k -> new double[3]);
                a[0] += p;
                a[1] += last.equals(e.pathology()) ? 1 : 0;
                a[2]++;
            }
        }
        StringBuilder out = new StringBuilder("soft labels: P(" + last + " | concepts) fitted on " + lesions.size()
                + " training lesions; per concept, fitted / drawn share (lesions):");
        by.forEach((c, a) -> out.append(String.format(java.util.Locale.ROOT, " %s %.2f/%.2f (%d)", c, a[0] / a[2], a[1] / a[2], (int) a[2])));
        return out.toString();
    }

    private Training() {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Per split: patch-level one-vs-rest AUC per class, whole-image AUC of the positive class, and the ceiling
     * the data set states for that split (the phantom's Bayes classifier), when it states one.
     */
    public record SplitScores(String split, int images, int patches, Map<String, Double> patchAuc, double wholeImageAuc,
            double wholeImageAucPerLocation, double conceptAuc, Double ceiling, double suspiciousPlaceAuc) {}

    /** What a training run produced. */
    public record Report(String name, String bundle, String workFolder, String command, String format, String dataset,
            String options, List<String> classes, List<String> concepts, Map<String, Map<String, Integer>> patches,
            int bestEpoch, int epochs, double patchesPerSecond, String wholeImageClass, List<SplitScores> scores,
            List<Trainer.Epoch> history) {}

    public static Report run(DatasetSource source, String format, Path dataset, Path bundle, String name,
            TrainOptions options, String commandLine, Consumer<String> progress) {
        Path jar = bundle.toAbsolutePath().normalize();
        if (!jar.getFileName().toString().endsWith(".jar")) {
            throw new DeepMinerException(jar.toString(), "--out must name a model bundle .jar");
        }
        String stem = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        Path work = jar.resolveSibling(stem + ".training");
        String modelName = name == null || name.isBlank() ? stem : name;
        Path root = dataset.toAbsolutePath().normalize();
        progress.accept("training " + modelName + ": " + options.fingerprint());
        try (Dataset ds = source.open(root, DatasetOptions.lenient())) {
            PatchData data = PatchData.load(ds, root.toString(), options.fraction(), options.size(),
                    options.minConceptPatches(), progress);
            Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
            for (Split s : Split.values()) {
                int[] n = data.classCounts(s);
                Map<String, Integer> m = new LinkedHashMap<>();
                for (int c = 0; c < n.length; c++) {
                    m.put(data.classes().get(c), n[c]);
                }
                counts.put(s.label(), m);
            }
            progress.accept("patches " + counts + (options.conceptHead() ? "; concepts " + data.concepts() : ""));
            if (options.softLabels()) {
                progress.accept(describe(data.useLesionPosterior(), data.trainLesions));
            }
            String identity = format + ":" + root + " (" + ds.samples().size() + " images)";
            Trainer trainer = new Trainer(options, data, work, identity, progress);
            Trainer.State state = trainer.run();
            NetworkFile.Loaded best = NetworkFile.load(trainer.bestNetwork(), false);
            Network net = best.network();
            NetworkMetadata meta = trainer.metadata(state.mean(), state.std());
            Map<String, Double> ceilings = ceilings(root);
            List<SplitScores> scores = new ArrayList<>();
            for (Split s : List.of(Split.VALIDATION, Split.TEST)) {
                if (data.part(s).images() == 0) {
                    continue;
                }
                Trainer.Evaluation e = trainer.evaluate(net, s, state.mean(), state.std());
                Map<String, Double> auc = new LinkedHashMap<>();
                for (int c = 0; c < data.classes().size(); c++) {
                    auc.put(data.classes().get(c), e.classAuc()[c]);
                }
                scores.add(new SplitScores(s.label(), e.images(), e.patches(), auc, e.wholeImageAuc(),
                        e.wholeImageAucPerLocation(), e.conceptAuc(), ceilings.get(s.label()), e.suspiciousPlaceAuc()));
            }
            double rate = state.history().stream().filter(e -> !e.wholeImages()).mapToDouble(Trainer.Epoch::patchesPerSecond)
                    .average().orElse(0);
            String positive = data.classes().contains("malignant") ? "malignant" : data.classes().get(data.classes().size() - 1);
            Report report = new Report(modelName, jar.toString(), work.toString(), commandLine, format, root.toString(),
                    options.fingerprint(), data.classes(), meta.concepts(), counts, state.bestEpoch(), state.history().size(),
                    rate, positive, scores, state.history());
            byte[] json = JSON.writeValueAsBytes(report);
            Files.write(work.resolve("report.json"), json);
            Nd4jContext.run(() -> ModelBundle.write(jar, modelName, net, meta, trainer.bestNetwork(), json, "1.0.0"));
            progress.accept("wrote " + jar);
            return report;
        } catch (IOException e) {
            throw new DeepMinerException(work.toString(), "cannot write the training report: " + e, e);
        }
    }

    /**
     * The malignant-vs-rest AUC of the Bayes classifier that sees the true concepts, per split, when the data set
     * folder states it ({@code pathology-model.json}, as the phantom writes it); empty otherwise.
     */
    static Map<String, Double> ceilings(Path root) {
        Path f = root.resolve("pathology-model.json");
        Map<String, Double> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(f)) {
            return out;
        }
        try {
            JsonNode ceiling = JSON.readTree(f.toFile()).path("ceiling");
            ceiling.fields().forEachRemaining(e -> {
                JsonNode auc = e.getValue().path("malignant_vs_rest_auc");
                if (auc.isNumber()) {
                    out.put(e.getKey(), auc.asDouble());
                }
            });
        } catch (IOException e) {
            // a ceiling is extra information: a data set whose file does not parse still trains
        }
        return out;
    }
}
