package org.deepminer.annotate;

/**
 * A chance-corrected agreement: {@code (observed - expected) / (1 - expected)}.
 *
 * @param method {@code cohen} (two annotators, their own marginals) or {@code fleiss} (any number, pooled
 *        marginals)
 * @param value kappa; NaN when undefined (see {@code note})
 * @param observed observed agreement (Cohen: the fraction of units both rated alike; Fleiss: mean pairwise
 *        agreement per unit)
 * @param expected agreement expected by chance
 * @param units units every annotator in the comparison rated
 * @param raters annotators compared
 * @param categories distinct ratings used
 * @param note why the value is undefined (no unit rated by all, one category only: kappa is 0/0), else empty
 */
public record Kappa(String method, double value, double observed, double expected, int units, int raters,
        int categories, String note) {

    public boolean defined() {
        return !Double.isNaN(value);
    }

    static Kappa undefined(String method, int units, int raters, int categories, String note) {
        return new Kappa(method, Double.NaN, Double.NaN, Double.NaN, units, raters, categories, note);
    }
}
