package org.deepminer.api.explain;

import org.osgi.annotation.versioning.ProviderType;

/** Explains single predictions with a run's ranked, labelled units. */
@ProviderType
public interface Explainer {

    /**
     * @throws org.deepminer.api.DeepMinerException when the run is missing or its model is not deployed,
     *         or the image does not fit the model
     */
    Explanation explain(ExplainRequest request);
}
