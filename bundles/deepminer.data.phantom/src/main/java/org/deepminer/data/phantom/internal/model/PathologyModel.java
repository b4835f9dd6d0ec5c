package org.deepminer.data.phantom.internal.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * P(malignant | concepts): how the phantom draws a lesion's pathology from its concepts, and the posterior
 * a Bayes classifier that sees the true concepts computes.
 *
 * <ul>
 * <li>Lesion: {@code p = max} over the lesion's concepts that have a probability in {@link #PROBABILITIES}
 * (kinds without a descriptor of their own, distributions and densities carry none). A lesion is as
 * suspicious as its most suspicious descriptor, as a BI-RADS assessment is; with the max, the published
 * per-concept values stay what they say (a spiculated mass is malignant with probability .90 whatever
 * its shape), where a noisy-OR would push every two-descriptor mass above either value. Its pathology
 * is one Bernoulli draw with that probability.</li>
 * <li>Image: lesions are drawn independently given their concepts, so
 * {@code P(image malignant | concepts) = 1 - prod(1 - p_lesion)} over its non-incidental lesions; an
 * image without one has posterior 0 (a normal image is never malignant).</li>
 * </ul>
 * The values named in PHANTOM.md ("publish the ceiling") are used as given; the others (marked in
 * {@link #CHOSEN}) are this phantom's choice, near published positive predictive values.
 */
public final class PathologyModel {
    private PathologyModel() {}

    /** P(malignant | concept) for the concepts that carry evidence. */
    public static final Map<String, Double> PROBABILITIES;

    /** The concepts whose probability PHANTOM.md does not give. */
    public static final List<String> CHOSEN = List.of(Concepts.MARGIN_OBSCURED, Concepts.MARGIN_MICROLOBULATED,
            Concepts.CALC_AMORPHOUS, Concepts.CALC_ROUND, Concepts.ASYMMETRY_FOCAL, Concepts.LYMPH_NODE);

    static {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put(Concepts.MARGIN_SPICULATED, 0.90);
        p.put(Concepts.CALC_FINE_LINEAR_BRANCHING, 0.90);
        p.put(Concepts.CALC_FINE_PLEOMORPHIC, 0.85);
        p.put(Concepts.SHAPE_IRREGULAR, 0.80);
        p.put(Concepts.ARCHITECTURAL_DISTORTION, 0.80);
        p.put(Concepts.MARGIN_INDISTINCT, 0.50);
        p.put(Concepts.MARGIN_MICROLOBULATED, 0.40);
        p.put(Concepts.CALC_AMORPHOUS, 0.30);
        p.put(Concepts.MARGIN_OBSCURED, 0.25);
        p.put(Concepts.CALC_PUNCTATE, 0.25);
        p.put(Concepts.SHAPE_ROUND, 0.20);
        p.put(Concepts.SHAPE_OVAL, 0.12);
        p.put(Concepts.ASYMMETRY_FOCAL, 0.10);
        p.put(Concepts.CALC_ROUND, 0.10);
        p.put(Concepts.MARGIN_CIRCUMSCRIBED, 0.08);
        p.put(Concepts.CALC_COARSE, 0.03);
        p.put(Concepts.CALC_VASCULAR, 0.03);
        p.put(Concepts.CALC_RIM, 0.03);
        p.put(Concepts.LYMPH_NODE, 0.03);
        PROBABILITIES = Map.copyOf(p);
        ORDERED = List.copyOf(p.keySet());
    }

    /** The concepts of {@link #PROBABILITIES} from the most to the least suspicious (for the JSON). */
    public static final List<String> ORDERED;

    /**
     * P(malignant | a lesion with these concepts).
     *
     * @throws IllegalArgumentException when no concept carries a probability
     */
    public static double lesion(Collection<String> concepts) {
        double p = -1;
        for (String c : concepts) {
            Double v = PROBABILITIES.get(c);
            if (v != null) {
                p = Math.max(p, v);
            }
        }
        if (p < 0) {
            throw new IllegalArgumentException("no concept of " + concepts + " carries a probability");
        }
        return p;
    }

    /** P(image malignant) from the probabilities of its (non-incidental) lesions. */
    public static double image(double[] lesionProbabilities) {
        double benign = 1;
        for (double p : lesionProbabilities) {
            benign *= 1 - p;
        }
        return 1 - benign;
    }

    /**
     * The assessment a reader gives a lesion of malignancy probability p. The bands put every probability
     * of the model in the category a reader would choose for its descriptor (classically benign = 2,
     * oval/circumscribed = 3, ..., spiculated/fine linear branching = 5); they are not the BI-RADS PPV
     * ranges, which the phantom's published probabilities do not follow either.
     */
    public static String assessment(double p) {
        if (p <= 0.03) {
            return "2";
        }
        if (p <= 0.15) {
            return "3";
        }
        if (p <= 0.30) {
            return "4a";
        }
        if (p <= 0.60) {
            return "4b";
        }
        if (p <= 0.85) {
            return "4c";
        }
        return "5";
    }

    /** The assessment bands as (upper bound, assessment), for pathology-model.json. */
    public static final List<Map.Entry<Double, String>> BANDS = List.of(Map.entry(0.03, "2"), Map.entry(0.15, "3"),
            Map.entry(0.30, "4a"), Map.entry(0.60, "4b"), Map.entry(0.85, "4c"), Map.entry(1.0, "5"));
}
