package org.deepminer.shell.internal;

import java.util.List;
import org.deepminer.api.ServiceProperties;

/** The plug-in families {@code deepminer:status} lists, by the interface their services provide. */
enum ServiceFamily {
    BACKENDS("Model backends", "org.deepminer.api.model.ModelBackend", ServiceProperties.BACKEND),
    MODELS("Models", "org.deepminer.api.model.Model", ServiceProperties.MODEL_NAME),
    DATASETS("Dataset sources", "org.deepminer.api.data.DatasetSource", ServiceProperties.DATASET_FORMAT),
    VOCABULARIES("Concept vocabularies", "org.deepminer.api.vocab.ConceptVocabulary", ServiceProperties.VOCABULARY_ID),
    PROBES("Probe strategies", "org.deepminer.api.probe.ProbeStrategy", ServiceProperties.PROBE_NAME),
    RENDERERS("Explanation renderers", "org.deepminer.api.explain.ExplanationRenderer", ServiceProperties.RENDERER_FORMAT),
    EXPLAINERS("Explainers", "org.deepminer.api.explain.Explainer", ServiceProperties.NAME),
    ANNOTATION_STORES("Annotation stores", "org.deepminer.api.annotate.AnnotationStore", ServiceProperties.NAME),
    EVALUATORS("Evaluators", "org.deepminer.api.eval.Evaluator", ServiceProperties.EVALUATOR_NAME);

    final String title;
    final String interfaceName;
    /** The property that names a service of this family: the first column of its table. */
    final String key;

    ServiceFamily(String title, String interfaceName, String key) {
        this.title = title;
        this.interfaceName = interfaceName;
        this.key = key;
    }

    static List<ServiceFamily> all() {
        return List.of(values());
    }
}
