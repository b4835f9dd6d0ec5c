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
     * Starts pass {@code pass} (0-based) of a strategy with {@link ProbeStrategy#passes()} above one; a
     * fresh accumulator is in pass 0, so calling it with 0 is optional. Before pass {@code p > 0} the
     * accumulator must hold the merged state of the whole of pass {@code p - 1}; it derives what the pass
     * needs from it (e.g. thresholds). To shard pass {@code p}, the runner merges that accumulator into
     * fresh ones from {@link ProbeStrategy#newAccumulator}: a fresh accumulator adopts the earlier passes'
     * state, and accumulators of the same pass merge as usual.
     */
    default void beginPass(int pass) {}

    /**
     * Folds another accumulator of the same strategy and context into this one.
     *
     * @throws IllegalArgumentException when {@code other} is of another strategy or context
     */
    void merge(ProbeAccumulator other);

    ProbeResult finish();
}
