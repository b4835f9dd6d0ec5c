package org.deepminer.api.model;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs models of one kind (ONNX Runtime, Deeplearning4j, ...). Register it with the service properties
 * {@link org.deepminer.api.ServiceProperties#BACKEND} and
 * {@link org.deepminer.api.ServiceProperties#BACKEND_EXTENSIONS}.
 */
@ConsumerType
public interface ModelBackend {

    /** The backend's name, the value of its {@code deepminer.backend} property. */
    String name();

    /** Whether this backend can load the file, judged from its name and first bytes, without loading it. */
    boolean canLoad(ModelSource source);

    /**
     * Loads the model. The caller owns the result and must close it.
     *
     * @throws org.deepminer.api.DeepMinerException naming the file when it is missing, corrupt,
     *         truncated, uses an unsupported operator or declares an impossible input
     */
    LoadedModel load(ModelSource source);
}
