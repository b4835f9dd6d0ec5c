package org.deepminer.annotate;

import java.util.List;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.AnnotationStore;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The annotation store with what export, import and batch labelling need besides {@link AnnotationStore}. The
 * platform's store registers itself under both interfaces. Every call that writes has forced its entries to
 * disk when it returns.
 */
@ProviderType
public interface AnnotationArchive extends AnnotationStore {

    /**
     * Appends several entries with one forced write per model layer; the store sets their ids and times. Every
     * entry is checked first ({@link AnnotationRules}): one bad entry refuses them all.
     *
     * @return the entries as stored, in order
     */
    List<Annotation> appendAll(List<Annotation> entries);

    /** Every entry of a model's layer, oldest first (see {@link AnnotationLog} for the order). */
    List<Annotation> entries(String modelSha256, String layer);

    /**
     * Appends entries as they are, keeping their ids and times (an exchange file read by {@link AnnotationFiles});
     * entries whose id the store already holds, or that repeat an id of the same import, are skipped. Every
     * entry is checked first: one bad entry refuses the import.
     */
    ImportResult importEntries(List<Annotation> entries);

    /** The model layers that have entries. */
    List<AnnotatedLayer> layers();

    /**
     * @param added entries appended
     * @param skipped entries whose id was already there
     */
    record ImportResult(int added, int skipped) {}

    /**
     * @param modelSha256 the model file's hash
     * @param layer the layer
     */
    record AnnotatedLayer(String modelSha256, String layer) {}
}
