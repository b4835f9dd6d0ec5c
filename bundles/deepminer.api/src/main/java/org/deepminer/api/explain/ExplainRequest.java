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
 * @param mirror score the image by its class-probability maps averaged with those of its left-right mirror
 *     image (test-time augmentation: a second forward pass); the units explained are the image's own
 * @since 1.1
 */
public record ExplainRequest(Path run, Sample sample, Optional<String> explainedClass, int topUnits, int shownUnits,
        boolean mirror) {
    public ExplainRequest {
        if (topUnits < 1 || shownUnits < 1 || shownUnits > topUnits) {
            throw new IllegalArgumentException("need 1 <= shownUnits <= topUnits, got " + shownUnits + ", " + topUnits);
        }
    }

    /** A request scored on the image alone, without its mirror image. */
    public ExplainRequest(Path run, Sample sample, Optional<String> explainedClass, int topUnits, int shownUnits) {
        this(run, sample, explainedClass, topUnits, shownUnits, false);
    }

    public static ExplainRequest of(Path run, Sample sample) {
        return new ExplainRequest(run, sample, Optional.empty(), 20, 3);
    }
}
