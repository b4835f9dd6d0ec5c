package org.deepminer.api;

/**
 * Names of the service properties that carry each plug-in's metadata. Consumers select plug-ins by
 * these properties (a {@code .target} filter in configuration), and {@code deepminer:status} lists them.
 */
public final class ServiceProperties {
    private ServiceProperties() {}

    /** Human-readable name of any DeepMiner service (all families). */
    public static final String NAME = "deepminer.name";
    /** One-line description of any DeepMiner service (all families). */
    public static final String DESCRIPTION = "deepminer.description";

    /** {@link org.deepminer.api.model.ModelBackend}: backend name, e.g. {@code onnx}, {@code dl4j}. */
    public static final String BACKEND = "deepminer.backend";
    /** {@link org.deepminer.api.model.ModelBackend}: file extensions it loads, e.g. {@code [onnx]}. */
    public static final String BACKEND_EXTENSIONS = "deepminer.backend.extensions";

    /** {@link org.deepminer.api.model.Model}: model name, unique in a runtime. */
    public static final String MODEL_NAME = "deepminer.model.name";
    /** {@link org.deepminer.api.model.Model}: the backend that loaded it. */
    public static final String MODEL_BACKEND = "deepminer.model.backend";
    /** {@link org.deepminer.api.model.Model}: SHA-256 of the model file, hex. */
    public static final String MODEL_SHA256 = "deepminer.model.sha256";
    /**
     * {@link org.deepminer.api.model.Model}: where it came from, e.g. {@code bundle demo.model 1.0.0} or
     * {@code file /opt/deepminer/deploy/demo.onnx} (the absolute path of a deployed model file).
     */
    public static final String MODEL_SOURCE = "deepminer.model.source";
    /** {@link org.deepminer.api.model.Model}: the class names, in score order. */
    public static final String MODEL_CLASSES = "deepminer.model.classes";

    /** {@link org.deepminer.api.data.DatasetSource}: format name, e.g. {@code cbis-ddsm}. */
    public static final String DATASET_FORMAT = "deepminer.dataset.format";

    /** {@link org.deepminer.api.vocab.ConceptVocabulary}: vocabulary id, e.g. {@code birads}. */
    public static final String VOCABULARY_ID = "deepminer.vocabulary.id";
    /** {@link org.deepminer.api.vocab.ConceptVocabulary}: vocabulary version, e.g. {@code 5}. */
    public static final String VOCABULARY_VERSION = "deepminer.vocabulary.version";

    /** {@link org.deepminer.api.probe.ProbeStrategy}: strategy name, e.g. {@code ranking}. */
    public static final String PROBE_NAME = "deepminer.probe.name";

    /** {@link org.deepminer.api.explain.ExplanationRenderer}: format name, e.g. {@code html}. */
    public static final String RENDERER_FORMAT = "deepminer.renderer.format";
    /** {@link org.deepminer.api.explain.ExplanationRenderer}: media type of what it writes. */
    public static final String RENDERER_MEDIA_TYPE = "deepminer.renderer.mediatype";

    /** {@link org.deepminer.api.eval.Evaluator}: evaluator name, e.g. {@code faithfulness}. */
    public static final String EVALUATOR_NAME = "deepminer.evaluator.name";
}
