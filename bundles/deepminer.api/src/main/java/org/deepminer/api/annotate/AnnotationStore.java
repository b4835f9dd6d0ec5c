package org.deepminer.api.annotate;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The durable store of unit labels. A call that returned has been forced to disk. */
@ProviderType
public interface AnnotationStore {

    /** Appends an entry and returns it with its id and time. */
    Annotation append(Annotation annotation);

    /** Every entry for a unit, oldest first. */
    List<Annotation> history(UnitKey unit);

    /** The latest entry of each annotator for every unit of a model's layer. */
    List<Annotation> current(String modelSha256, String layer);
}
