package org.deepminer.api.probe;

import java.util.Map;
import java.util.Optional;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.ModelInfo;

/**
 * What a strategy knows before the first batch.
 *
 * @param model the model being probed
 * @param layer the probed layer
 * @param head the layer's classifier head, empty when the layer has none (ranking then refuses)
 * @param conceptIds the concepts of the data set's masks, in a fixed order
 * @param parameters user-given parameters of the run, overriding configured defaults
 * @param shards how many accumulators the runner splits a pass's data between, merged at its end (one per
 *        accumulation thread): a statistic whose merge can lose what one part kept sizes its margins by it
 * @since 1.1
 */
public record ProbeContext(ModelInfo model, String layer, Optional<ClassifierHead> head,
        java.util.List<String> conceptIds, Map<String, String> parameters, int shards) {
    public ProbeContext {
        conceptIds = java.util.List.copyOf(conceptIds);
        parameters = Map.copyOf(parameters);
        if (shards < 1) {
            throw new IllegalArgumentException("a probe's data is split between at least one accumulator, not " + shards);
        }
    }

    /** A context whose data goes to one accumulator. */
    public ProbeContext(ModelInfo model, String layer, Optional<ClassifierHead> head, java.util.List<String> conceptIds,
            Map<String, String> parameters) {
        this(model, layer, head, conceptIds, parameters, 1);
    }
}
