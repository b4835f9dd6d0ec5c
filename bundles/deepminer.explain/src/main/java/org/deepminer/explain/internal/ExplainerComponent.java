package org.deepminer.explain.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.ServiceProperties;
import org.deepminer.annotate.UnitLabels;
import org.deepminer.api.annotate.AnnotationStore;
import org.deepminer.api.explain.ExplainRequest;
import org.deepminer.api.explain.Explainer;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.UnitContribution;
import org.deepminer.api.explain.UnitLabel;
import org.deepminer.api.model.Model;
import org.deepminer.api.model.ModelBackend;
import org.deepminer.api.model.ModelSource;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.deepminer.core.run.RunManifest;
import org.deepminer.explain.ExplainerEngine;
import org.deepminer.explain.Explanations;
import org.deepminer.explain.ImageForward;
import org.deepminer.explain.RunModel;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The platform's {@link Explainer}. Keeps each run's model open between calls (a batch over a split loads it
 * once); labels are read from the annotation store on every call, so a label saved in the web tool shows in
 * the next explanation.
 */
@Component(service = {Explainer.class, ExplainerEngine.class, ExplainerComponent.class})
public class ExplainerComponent implements ExplainerEngine {

    record Named<T>(ServiceReference<T> ref, T service) {}

    final List<Named<Model>> models = new CopyOnWriteArrayList<>();
    final List<ModelBackend> backends = new CopyOnWriteArrayList<>();
    final List<Named<ConceptVocabulary>> vocabularies = new CopyOnWriteArrayList<>();
    volatile AnnotationStore store;
    private final Map<Path, RunModel> open = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addModel(ServiceReference<Model> ref, Model m) {
        models.add(new Named<>(ref, m));
    }

    void removeModel(Model m) {
        String sha = models.stream().filter(e -> e.service() == m)
                .map(e -> String.valueOf(e.ref().getProperty(ServiceProperties.MODEL_SHA256))).findFirst().orElse(null);
        models.removeIf(e -> e.service() == m);
        // only the runs that may hold the model that left: a run on another model, perhaps in the middle of an
        // evaluation, stays open through someone else's hot deploy
        open.entrySet().removeIf(run -> {
            if (sha != null && !sha.equals(run.getValue().manifest().model().sha256())) {
                return false;
            }
            run.getValue().close();
            return true;
        });
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addBackend(ModelBackend b) {
        backends.add(b);
    }

    void removeBackend(ModelBackend b) {
        backends.remove(b);
        closeAll();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addVocabulary(ServiceReference<ConceptVocabulary> ref, ConceptVocabulary v) {
        vocabularies.add(new Named<>(ref, v));
    }

    void removeVocabulary(ConceptVocabulary v) {
        vocabularies.removeIf(e -> e.service() == v);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setStore(AnnotationStore s) {
        store = s;
    }

    void unsetStore(AnnotationStore s) {
        if (store == s) {
            store = null;
        }
    }

    @Deactivate
    void stop() {
        closeAll();
    }

    void closeAll() {
        open.values().forEach(RunModel::close);
        open.clear();
    }

    @Override
    public Explanation explain(ExplainRequest request) {
        RunModel run = runModel(request.run());
        return explain(run, request, labels(run));
    }

    @Override
    public Explained explainWithForward(ExplainRequest request) {
        RunModel run = runModel(request.run());
        Map<Integer, UnitLabel> labels = labels(run);
        RunModel.Forward f = run.forward(request.sample().id(), request.sample().image(), request.mirror());
        return new Explained(build(run, request, labels, f), f);
    }

    Explanation explain(RunModel run, ExplainRequest request, Map<Integer, UnitLabel> labels) {
        return build(run, request, labels, run.forward(request.sample().id(), request.sample().image(), request.mirror()));
    }

    static Explanation build(RunModel run, ExplainRequest request, Map<Integer, UnitLabel> labels, RunModel.Forward f) {
        ImageForward layer = f.layer();
        List<String> classes = layer.classes();
        String predicted = classes.get(f.predicted());
        String explained = request.explainedClass().orElse(predicted);
        if (!classes.contains(explained)) {
            throw new DeepMinerException(run.run().toString(), "no class '" + explained + "' in model "
                    + run.manifest().model().name() + "; classes: " + String.join(", ", classes));
        }
        int c = classes.indexOf(explained);
        List<UnitContribution> units = Explanations.choose(layer, c, labels, request.topUnits(), request.shownUnits());
        String sentence = Explanations.sentence(explained, f.probabilities()[c], units, !labels.isEmpty(),
                request.topUnits());
        Map<String, Double> probabilities = new java.util.LinkedHashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            probabilities.put(classes.get(i), f.probabilities()[i]);
        }
        RunManifest m = run.manifest();
        return new Explanation(request.sample(), m.model().name(), m.model().sha256(), m.layer(), probabilities, predicted,
                explained, units, sentence, f.classMap(c));
    }

    @Override
    public RunModel runModel(Path run) {
        Path key = run.toAbsolutePath().normalize();
        RunModel r = open.get(key);
        if (r == null) {
            r = RunModel.open(key, this::resolve);
            RunModel prev = open.putIfAbsent(key, r);
            if (prev != null) {
                r.close();
                r = prev;
            }
        }
        return r;
    }

    /** The run's model: a registered one with the same SHA-256, else the file the run was made from. */
    RunModel.Resolved resolve(RunManifest.ModelRef ref) {
        for (Named<Model> m : models) {
            if (ref.sha256().equals(String.valueOf(m.ref().getProperty(ServiceProperties.MODEL_SHA256)))) {
                return new RunModel.Resolved(m.service().loaded(), false);
            }
        }
        Path file = ref.file() == null || ref.file().isEmpty() ? null : Path.of(ref.file());
        if (file != null && Files.isRegularFile(file)) {
            ModelSource source = ModelSource.of(ref.name(), file);
            for (ModelBackend b : backends) {
                if (b.canLoad(source)) {
                    return new RunModel.Resolved(b.load(source), true);
                }
            }
        }
        String registered = models.stream().map(m -> String.valueOf(m.ref().getProperty(ServiceProperties.MODEL_NAME)))
                .sorted().reduce((a, b) -> a + ", " + b).orElse("none");
        throw new DeepMinerException(null, "the run's model " + ref.name() + " (SHA-256 " + ref.sha256().substring(0,
                Math.min(12, ref.sha256().length())) + "...) is not deployed and its file " + ref.file()
                + " is not readable; registered models: " + registered);
    }

    /** The run's labels by unit, expert before automatic. Empty without an annotation store. */
    @Override
    public Map<Integer, UnitLabel> labels(RunModel run) {
        AnnotationStore s = store;
        if (s == null) {
            return Map.of();
        }
        return UnitLabels.of(s, run.manifest().model().sha256(), run.manifest().layer(), vocabulary().orElse(null));
    }

    Optional<ConceptVocabulary> vocabulary() {
        return vocabularies.stream().filter(v -> "birads".equals(v.ref().getProperty(ServiceProperties.VOCABULARY_ID)))
                .map(Named::service).findFirst().or(() -> vocabularies.stream().map(Named::service).findFirst());
    }
}
