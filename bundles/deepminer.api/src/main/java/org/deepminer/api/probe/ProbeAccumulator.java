package org.deepminer.api.probe;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Streaming state of one strategy. Memory is bounded by the model (units x k), never by the data set.
 * An accumulator is used by one thread at a time; parallel runs use one per thread (or process, or
 * machine) and {@link #merge} them, which must give the same result as a single pass over all batches.
 */
@ConsumerType
public interface ProbeAccumulator {

    void accept(ProbeBatch batch);

    /**
     * Folds another accumulator of the same strategy and context into this one.
     *
     * @throws IllegalArgumentException when {@code other} is of another strategy or context
     */
    void merge(ProbeAccumulator other);

    ProbeResult finish();
}
