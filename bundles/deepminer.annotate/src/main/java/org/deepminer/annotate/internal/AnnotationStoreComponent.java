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

    private Path folder;
    private AnnotationLog log;

    @Activate
    void start(Config config, BundleContext context) {
        use(folder(config.dir(), context.getProperty(FRAMEWORK_PROPERTY)));
    }

    void use(Path storeFolder) {
        folder = storeFolder;
    }

    @Deactivate
    synchronized void stop() {
        if (log != null) {
            log.close();
            log = null;
        }
    }

    /**
     * The store, opened on first use: a runtime that only reads labels, or none, creates no folder where it was
     * started. Null for a read while the folder does not exist yet (no labels).
     */
    private synchronized AnnotationLog log(boolean write) {
        if (log == null) {
            if (!write && !java.nio.file.Files.isDirectory(folder)) {
                return null;
            }
            log = AnnotationLog.open(folder, () -> vocabulary, AnnotationLog.Commit.GROUP);
        }
        return log;
    }

    /** The configured folder, else the framework property, else {@code annotations/}; relative to the working directory. */
    static Path folder(String configured, String frameworkProperty) {
        String d = configured != null && !configured.isBlank() ? configured
                : frameworkProperty != null && !frameworkProperty.isBlank() ? frameworkProperty : "annotations";
        return Path.of(d.strip()).toAbsolutePath().normalize();
    }

    @Override
    public Annotation append(Annotation annotation) {
        return log(true).append(annotation);
    }

    @Override
    public List<Annotation> appendAll(List<Annotation> entries) {
        return log(true).appendAll(entries);
    }

    @Override
    public List<Annotation> history(UnitKey unit) {
        AnnotationLog l = log(false);
        return l == null ? List.of() : l.history(unit);
    }

    @Override
    public List<Annotation> current(String modelSha256, String layer) {
        AnnotationLog l = log(false);
        return l == null ? List.of() : l.current(modelSha256, layer);
    }

    @Override
    public List<Annotation> entries(String modelSha256, String layer) {
        AnnotationLog l = log(false);
        return l == null ? List.of() : l.entries(modelSha256, layer);
    }

    @Override
    public ImportResult importEntries(List<Annotation> entries) {
        return log(true).importEntries(entries);
    }

    @Override
    public List<AnnotatedLayer> layers() {
        AnnotationLog l = log(false);
        return l == null ? List.of() : l.layers();
    }

    @Override
    public String toString() {
        return "AnnotationStoreComponent[" + folder + "]";
    }
}
