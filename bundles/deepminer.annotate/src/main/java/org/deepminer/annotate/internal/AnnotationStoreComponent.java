package org.deepminer.annotate.internal;

import java.nio.file.Path;
import java.util.List;
import org.deepminer.annotate.AnnotationArchive;
import org.deepminer.annotate.AnnotationLog;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.AnnotationStore;
import org.deepminer.api.annotate.UnitKey;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The platform's {@link AnnotationStore}: an {@link AnnotationLog} in the configured folder. A changed folder
 * (ConfigAdmin, PID {@value #PID}) reactivates the component, which closes the old store and opens the new one.
 * Concepts are checked against the BI-RADS vocabulary while one is registered.
 */
@Designate(ocd = AnnotationStoreComponent.Config.class)
@Component(configurationPid = AnnotationStoreComponent.PID, service = {AnnotationStore.class, AnnotationArchive.class},
        property = {"deepminer.name=annotation-log",
                "deepminer.description=append-only, fsync'ed annotation log per model and layer"})
public class AnnotationStoreComponent implements AnnotationArchive {

    static final String PID = "org.deepminer.annotate";
    /** Framework property naming the default store folder. */
    static final String FRAMEWORK_PROPERTY = "deepminer.annotations";

    @ObjectClassDefinition(name = "DeepMiner annotation store",
            description = "Where unit labels are kept: one append-only log per model file and layer.")
    public @interface Config {
        @AttributeDefinition(name = "Folder", description = "The store's folder; empty: the framework property "
                + "deepminer.annotations, else annotations/ under the working directory.")
        String dir() default "";
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(deepminer.vocabulary.id=birads)")
    volatile ConceptVocabulary vocabulary;

    private AnnotationLog log;

    @Activate
    void start(Config config, BundleContext context) {
        log = AnnotationLog.open(folder(config.dir(), context.getProperty(FRAMEWORK_PROPERTY)), () -> vocabulary,
                AnnotationLog.Commit.GROUP);
    }

    @Deactivate
    void stop() {
        log.close();
    }

    /** The configured folder, else the framework property, else {@code annotations/}; relative to the working directory. */
    static Path folder(String configured, String frameworkProperty) {
        String d = configured != null && !configured.isBlank() ? configured
                : frameworkProperty != null && !frameworkProperty.isBlank() ? frameworkProperty : "annotations";
        return Path.of(d.strip()).toAbsolutePath().normalize();
    }

    @Override
    public Annotation append(Annotation annotation) {
        return log.append(annotation);
    }

    @Override
    public List<Annotation> appendAll(List<Annotation> entries) {
        return log.appendAll(entries);
    }

    @Override
    public List<Annotation> history(UnitKey unit) {
        return log.history(unit);
    }

    @Override
    public List<Annotation> current(String modelSha256, String layer) {
        return log.current(modelSha256, layer);
    }

    @Override
    public List<Annotation> entries(String modelSha256, String layer) {
        return log.entries(modelSha256, layer);
    }

    @Override
    public ImportResult importEntries(List<Annotation> entries) {
        return log.importEntries(entries);
    }

    @Override
    public List<AnnotatedLayer> layers() {
        return log.layers();
    }

    @Override
    public String toString() {
        return "AnnotationStoreComponent[" + log + "]";
    }
}
