package org.deepminer.explain;

import java.nio.file.Path;
import java.util.Map;
import org.deepminer.api.explain.ExplainRequest;
import org.deepminer.api.explain.Explainer;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.UnitLabel;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's explainer with what the evaluation needs beside the explanation: the forward pass it was
 * made from (to ablate units), the run's open model and its labels.
 */
@ProviderType
public interface ExplainerEngine extends Explainer {

    /** The explanation and the forward pass it came from. */
    record Explained(Explanation explanation, RunModel.Forward forward) {}

    Explained explainWithForward(ExplainRequest request);

    /** The run's model, opened once and kept until its model or backend leaves. */
    RunModel runModel(Path run);

    /** The run's effective labels by unit (expert before automatic); empty without an annotation store. */
    Map<Integer, UnitLabel> labels(RunModel run);
}
