package org.deepminer.api.explain;

import java.util.Optional;
import org.deepminer.api.model.FloatTensor;

/**
 * One unit's part in a prediction: {@code score = weight * maxActivation}.
 *
 * @param unit channel index in the layer
 * @param rank 1-based rank by score for the explained class
 * @param weight the classifier weight of the unit for the explained class
 * @param maxActivation the unit's spatial maximum on this image
 * @param label the unit's label, if it has one
 * @param map the unit's activation map {@code [h, w]} on this image
 */
public record UnitContribution(int unit, int rank, double weight, double maxActivation, Optional<UnitLabel> label,
        FloatTensor map) {
    public double score() {
        return weight * maxActivation;
    }
}
