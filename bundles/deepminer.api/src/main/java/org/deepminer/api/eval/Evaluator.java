package org.deepminer.api.eval;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Measures one aspect of a run (classification, explanation vs report, faithfulness, ...). Register it
 * with {@link org.deepminer.api.ServiceProperties#EVALUATOR_NAME}.
 */
@ConsumerType
public interface Evaluator {

    String name();

    /** @throws org.deepminer.api.DeepMinerException when the run lacks what this evaluator needs */
    Evaluation evaluate(EvaluationContext context);
}
