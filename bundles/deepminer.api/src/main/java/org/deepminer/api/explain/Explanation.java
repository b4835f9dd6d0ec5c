package org.deepminer.api.explain;

import java.util.List;
import java.util.Map;
import org.deepminer.api.data.Sample;
import org.deepminer.api.model.FloatTensor;

/**
 * Why a model classified an image as it did, in the vocabulary's words.
 *
 * @param sample the explained image with its metadata and (when known) ground truth
 * @param modelName the model
 * @param modelSha256 the model file's hash
 * @param layer the layer whose units explain
 * @param probabilities class name to probability
 * @param predicted the most probable class
 * @param explained the class explained (by default the predicted one)
 * @param units the contributing units in rank order: the labelled ones shown in the sentence first
 * @param sentence e.g. {@code malignant (0.91): spiculated, fine pleomorphic}
 * @param classMap the explained class's probability map {@code [h, w]} over the image (fully convolutional)
 */
public record Explanation(Sample sample, String modelName, String modelSha256, String layer,
        Map<String, Double> probabilities, String predicted, String explained, List<UnitContribution> units,
        String sentence, FloatTensor classMap) {
    public Explanation {
        probabilities = Map.copyOf(probabilities);
        units = List.copyOf(units);
    }
}
