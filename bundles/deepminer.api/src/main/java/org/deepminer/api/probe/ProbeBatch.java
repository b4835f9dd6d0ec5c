package org.deepminer.api.probe;

import java.util.List;
import org.deepminer.api.data.Sample;
import org.deepminer.api.model.FloatTensor;

/**
 * One batch of forward results, shared by every enabled strategy: the forward pass runs once.
 *
 * @param samples the batch's samples (images, ground truth), in batch order
 * @param probabilities {@code [n, classes]}
 * @param activations the probed layer, {@code [n, units, h, w]}
 */
public record ProbeBatch(List<Sample> samples, FloatTensor probabilities, FloatTensor activations) {
    public ProbeBatch {
        samples = List.copyOf(samples);
        if (probabilities.dim(0) != samples.size() || activations.dim(0) != samples.size()) {
            throw new IllegalArgumentException("batch of " + samples.size() + " samples with "
                    + probabilities.dim(0) + " score rows and " + activations.dim(0) + " activation maps");
        }
    }

    public int size() {
        return samples.size();
    }
}
