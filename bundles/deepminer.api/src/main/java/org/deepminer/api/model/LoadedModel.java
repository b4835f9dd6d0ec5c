package org.deepminer.api.model;

import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A model loaded by a backend, holding native memory until {@link #close()}. Implementations are
 * thread-safe for {@link #forward}: several threads may run batches at once.
 */
@ConsumerType
public interface LoadedModel extends AutoCloseable {

    ModelInfo info();

    /**
     * Runs a batch.
     *
     * @param batch {@code [n, channels, height, width]} preprocessed as {@link ModelInfo#input()} says
     * @param layers names of the intermediate tensors to return besides the class scores; may be empty
     * @return logits, probabilities and the requested activations
     * @throws org.deepminer.api.DeepMinerException when a layer does not exist (the message lists
     *         near names) or the batch does not fit the input (the message gives both shapes)
     */
    ForwardResult forward(FloatTensor batch, Set<String> layers);

    /**
     * The global-average-pooling + linear head after a layer.
     *
     * @throws org.deepminer.api.DeepMinerException when the layer is not followed by such a head;
     *         the message says what follows it instead
     */
    ClassifierHead head(String layer);

    /** Frees the native memory. Further calls fail. */
    @Override
    void close();
}
