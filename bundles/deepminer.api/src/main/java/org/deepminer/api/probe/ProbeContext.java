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
 */
public record ProbeContext(ModelInfo model, String layer, Optional<ClassifierHead> head,
        java.util.List<String> conceptIds, Map<String, String> parameters) {
    public ProbeContext {
        conceptIds = java.util.List.copyOf(conceptIds);
        parameters = Map.copyOf(parameters);
    }
}
