package org.deepminer.eval;

/**
 * The evaluation's parameters; every one is written into the evaluation's provenance.
 *
 * @param seed seed of the bootstrap, the report shuffles, the folds
 * @param bootstrapRounds case resamples per confidence interval (1000)
 * @param shuffles report shuffles for the shuffled baseline (50; at least 20 is sensible)
 * @param folds cross-validation folds of the reader analog (5)
 * @param lambda L2 penalty of the reader's logistic regression (1.0)
 * @param topUnits how many of each class's top units the interpretability fractions count (20)
 */
public record EvaluationOptions(long seed, int bootstrapRounds, int shuffles, int folds, double lambda, int topUnits) {
    public EvaluationOptions {
        if (bootstrapRounds < 1 || shuffles < 2 || folds < 2 || !(lambda >= 0) || topUnits < 1) {
            throw new IllegalArgumentException("bad evaluation options: rounds " + bootstrapRounds + ", shuffles "
                    + shuffles + ", folds " + folds + ", lambda " + lambda + ", top units " + topUnits);
        }
    }

    /** The defaults with the given seed. */
    public static EvaluationOptions defaults(long seed) {
        return new EvaluationOptions(seed, 1000, 50, 5, 1.0, 20);
    }
}
