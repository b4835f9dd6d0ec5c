package org.deepminer.api.explain;

import java.nio.file.Path;
import java.util.Optional;
import org.deepminer.api.data.Sample;

/**
 * What to explain.
 *
 * @param run the run folder whose model, layer and unit labels are used
 * @param sample the image
 * @param explainedClass the class to explain; empty for the predicted class
 * @param topUnits how many of the highest-scoring units to consider (default 20)
 * @param shownUnits how many labelled units the sentence names (default 3)
 */
public record ExplainRequest(Path run, Sample sample, Optional<String> explainedClass, int topUnits, int shownUnits) {
    public ExplainRequest {
        if (topUnits < 1 || shownUnits < 1 || shownUnits > topUnits) {
            throw new IllegalArgumentException("need 1 <= shownUnits <= topUnits, got " + shownUnits + ", " + topUnits);
        }
    }

    public static ExplainRequest of(Path run, Sample sample) {
        return new ExplainRequest(run, sample, Optional.empty(), 20, 3);
    }
}
