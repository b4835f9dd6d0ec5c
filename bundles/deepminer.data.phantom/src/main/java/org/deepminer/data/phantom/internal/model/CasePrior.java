package org.deepminer.data.phantom.internal.model;

import static org.deepminer.data.phantom.internal.model.Concepts.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deepminer.api.data.Laterality;

/**
 * The case-level prior: a breast is normal, benign-leaning or malignant-leaning; its lesions' concepts are
 * drawn from that mix, and then each lesion's pathology from its concepts alone ({@link PathologyModel}),
 * so that a concept is evidence and not a label. Density is drawn independently of the class, with the
 * screening frequencies of BI-RADS compositions a-d.
 */
public final class CasePrior {

    /** Fractions of normal, benign-leaning and malignant-leaning cases. */
    public record Mix(double normal, double benignLeaning, double malignantLeaning) {
        public Mix {
            if (normal < 0 || benignLeaning < 0 || malignantLeaning < 0 || normal + benignLeaning + malignantLeaning <= 0) {
                throw new IllegalArgumentException("mix fractions must be non-negative and not all 0");
            }
        }

        public static Mix defaults() {
            return new Mix(0.35, 0.30, 0.35);
        }

        Categorical categorical() {
            return Categorical.of(CaseType.NORMAL.name(), normal, CaseType.BENIGN_LEANING.name(), benignLeaning,
                    CaseType.MALIGNANT_LEANING.name(), malignantLeaning);
        }
    }

    public static final Categorical DENSITY = Categorical.of("density-a", 0.10, "density-b", 0.40, "density-c", 0.40,
            "density-d", 0.10);

    /** Target fibroglandular fraction range of each density (PHANTOM.md). */
    public static final double[][] GLANDULAR_FRACTION = {{0.05, 0.10}, {0.15, 0.25}, {0.35, 0.50}, {0.60, 0.75}};

    /** Probability that a normal breast shows (incidental, benign) vascular calcifications. */
    public static final double INCIDENTAL_VASCULAR = 0.25;

    /** Spectral exponent range of the background texture. */
    public static final double BETA_MIN = 2.5;
    public static final double BETA_MAX = 3.5;

    /** What lesions a leaning draws. */
    record Leaning(double secondLesion, Categorical kinds, Categorical shapes, Categorical margins,
            Categorical morphologies, Map<String, Categorical> distributions) {}

    private static final Categorical SPREAD_BENIGN = Categorical.of(DIST_GROUPED, 0.45, DIST_REGIONAL, 0.30,
            DIST_DIFFUSE, 0.25);

    static final Leaning BENIGN = new Leaning(0.20,
            Categorical.of(Kind.MASS.name(), 0.38, Kind.CALCIFICATION.name(), 0.40, Kind.LYMPH_NODE.name(), 0.12,
                    Kind.ASYMMETRY.name(), 0.10),
            Categorical.of(SHAPE_OVAL, 0.50, SHAPE_ROUND, 0.35, SHAPE_IRREGULAR, 0.15),
            Categorical.of(MARGIN_CIRCUMSCRIBED, 0.50, MARGIN_OBSCURED, 0.20, MARGIN_MICROLOBULATED, 0.12,
                    MARGIN_INDISTINCT, 0.13, MARGIN_SPICULATED, 0.05),
            Categorical.of(CALC_PUNCTATE, 0.16, CALC_ROUND, 0.12, CALC_COARSE, 0.24, CALC_RIM, 0.16, CALC_VASCULAR, 0.10,
                    CALC_AMORPHOUS, 0.10, CALC_FINE_PLEOMORPHIC, 0.08, CALC_FINE_LINEAR_BRANCHING, 0.04),
            Map.of(CALC_PUNCTATE, SPREAD_BENIGN,
                    CALC_ROUND, SPREAD_BENIGN,
                    CALC_COARSE, Categorical.of(DIST_GROUPED, 0.6, DIST_REGIONAL, 0.4),
                    CALC_RIM, Categorical.of(DIST_REGIONAL, 0.5, DIST_DIFFUSE, 0.3, DIST_GROUPED, 0.2),
                    CALC_AMORPHOUS, Categorical.of(DIST_GROUPED, 0.5, DIST_REGIONAL, 0.3, DIST_SEGMENTAL, 0.2),
                    CALC_FINE_PLEOMORPHIC, Categorical.of(DIST_GROUPED, 0.5, DIST_LINEAR, 0.25, DIST_SEGMENTAL, 0.25),
                    CALC_FINE_LINEAR_BRANCHING, Categorical.of(DIST_GROUPED, 0.3, DIST_LINEAR, 0.4, DIST_SEGMENTAL, 0.3)));

    private static final Categorical SPREAD_MALIGNANT = Categorical.of(DIST_GROUPED, 0.40, DIST_LINEAR, 0.22,
            DIST_SEGMENTAL, 0.25, DIST_REGIONAL, 0.13);

    static final Leaning MALIGNANT = new Leaning(0.15,
            Categorical.of(Kind.MASS.name(), 0.48, Kind.CALCIFICATION.name(), 0.34, Kind.DISTORTION.name(), 0.13,
                    Kind.ASYMMETRY.name(), 0.05),
            Categorical.of(SHAPE_IRREGULAR, 0.62, SHAPE_OVAL, 0.18, SHAPE_ROUND, 0.20),
            Categorical.of(MARGIN_SPICULATED, 0.45, MARGIN_INDISTINCT, 0.30, MARGIN_MICROLOBULATED, 0.12,
                    MARGIN_OBSCURED, 0.08, MARGIN_CIRCUMSCRIBED, 0.05),
            Categorical.of(CALC_FINE_PLEOMORPHIC, 0.40, CALC_FINE_LINEAR_BRANCHING, 0.28, CALC_AMORPHOUS, 0.17,
                    CALC_PUNCTATE, 0.15),
            Map.of(CALC_FINE_PLEOMORPHIC, SPREAD_MALIGNANT, CALC_FINE_LINEAR_BRANCHING, SPREAD_MALIGNANT,
                    CALC_AMORPHOUS, SPREAD_MALIGNANT, CALC_PUNCTATE, SPREAD_MALIGNANT));

    /** The second lesion of a malignant-leaning breast comes from the benign-leaning prior this often. */
    static final double SECOND_FROM_BENIGN = 0.5;

    private final Categorical types;

    public CasePrior(Mix mix) {
        this.types = mix.categorical();
    }

    /** {@code P_00001} for case index 0. */
    public static String caseId(int index) {
        return String.format("P_%05d", index + 1);
    }

    /** Draws a case from its seed alone, so that a case does not depend on how many others are drawn. */
    public CaseSpec draw(int index, long caseSeed) {
        SplittableRandom rng = new SplittableRandom(caseSeed);
        CaseType type = CaseType.valueOf(types.draw(rng));
        Laterality laterality = rng.nextBoolean() ? Laterality.LEFT : Laterality.RIGHT;
        String density = DENSITY.draw(rng);
        double[] range = GLANDULAR_FRACTION[Concepts.ddsmDensity(density) - 1];
        double fraction = range[0] + rng.nextDouble() * (range[1] - range[0]);
        double beta = BETA_MIN + rng.nextDouble() * (BETA_MAX - BETA_MIN);
        int age = 40 + rng.nextInt(41);
        List<LesionSpec> lesions = new ArrayList<>();
        switch (type) {
            case NORMAL -> {
                if (rng.nextDouble() < INCIDENTAL_VASCULAR) {
                    lesions.add(new LesionSpec("L1", Kind.CALCIFICATION, null, null, CALC_VASCULAR, null,
                            size(rng, Kind.CALCIFICATION), rng.nextLong(), 0.0, false, "2", true));
                }
            }
            case BENIGN_LEANING -> {
                lesions.add(lesion(rng, "L1", BENIGN));
                if (rng.nextDouble() < BENIGN.secondLesion()) {
                    lesions.add(lesion(rng, "L2", BENIGN));
                }
            }
            case MALIGNANT_LEANING -> {
                lesions.add(lesion(rng, "L1", MALIGNANT));
                if (rng.nextDouble() < MALIGNANT.secondLesion()) {
                    lesions.add(lesion(rng, "L2", rng.nextDouble() < SECOND_FROM_BENIGN ? BENIGN : MALIGNANT));
                }
            }
        }
        return new CaseSpec(index, caseId(index), caseSeed, type, laterality, density, fraction, beta, age, lesions);
    }

    private static LesionSpec lesion(SplittableRandom rng, String id, Leaning leaning) {
        Kind kind = Kind.valueOf(leaning.kinds().draw(rng));
        String shape = null;
        String margin = null;
        String morphology = null;
        String distribution = null;
        switch (kind) {
            case MASS -> {
                shape = leaning.shapes().draw(rng);
                margin = leaning.margins().draw(rng);
            }
            case CALCIFICATION -> {
                morphology = leaning.morphologies().draw(rng);
                Categorical spread = leaning.distributions().get(morphology);
                distribution = spread == null ? null : spread.draw(rng);
            }
            case LYMPH_NODE -> margin = MARGIN_CIRCUMSCRIBED;
            default -> {
                // distortion and focal asymmetry have no descriptor of their own
            }
        }
        double sizeMm = size(rng, kind);
        long seed = rng.nextLong();
        List<String> concepts = new ArrayList<>(List.of(kind.concept()));
        for (String c : new String[] {shape, margin, morphology, distribution}) {
            if (c != null) {
                concepts.add(c);
            }
        }
        double p = PathologyModel.lesion(concepts);
        boolean malignant = rng.nextDouble() < p;
        return new LesionSpec(id, kind, shape, margin, morphology, distribution, sizeMm, seed, p, malignant,
                PathologyModel.assessment(p), false);
    }

    /** Sizes depend on the kind only, never on the pathology: the concepts stay the only evidence. */
    private static double size(SplittableRandom rng, Kind kind) {
        return switch (kind) {
            case MASS -> 7 + rng.nextDouble() * 17; // diameter 7-24 mm
            case LYMPH_NODE -> 6 + rng.nextDouble() * 6; // long axis 6-12 mm
            case ASYMMETRY -> 16 + rng.nextDouble() * 20; // 16-36 mm
            case DISTORTION -> 10 + rng.nextDouble() * 12; // radiating lines 10-22 mm
            case CALCIFICATION -> 1 + rng.nextDouble(); // scale factor of the distribution's extent
        };
    }

    /** The prior as data, for pathology-model.json. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        Map<String, Double> caseTypes = new LinkedHashMap<>();
        types.probabilities().forEach((k, v) -> caseTypes.put(CaseType.valueOf(k).label(), v));
        d.put("case_types", caseTypes);
        d.put("density", DENSITY.probabilities());
        Map<String, Object> fractions = new LinkedHashMap<>();
        for (int i = 0; i < GLANDULAR_FRACTION.length; i++) {
            fractions.put(Concepts.DENSITIES[i], List.of(GLANDULAR_FRACTION[i][0], GLANDULAR_FRACTION[i][1]));
        }
        d.put("glandular_fraction", fractions);
        d.put("normal_incidental_vascular_calcifications", INCIDENTAL_VASCULAR);
        d.put("benign_leaning", describe(BENIGN));
        Map<String, Object> malignant = describe(MALIGNANT);
        malignant.put("second_lesion_from_benign_leaning", SECOND_FROM_BENIGN);
        d.put("malignant_leaning", malignant);
        return d;
    }

    private static Map<String, Object> describe(Leaning l) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("second_lesion", l.secondLesion());
        Map<String, Double> kinds = new LinkedHashMap<>();
        l.kinds().probabilities().forEach((k, v) -> kinds.put(Kind.valueOf(k).concept(), v));
        d.put("kinds", kinds);
        d.put("mass_shapes", l.shapes().probabilities());
        d.put("mass_margins", l.margins().probabilities());
        d.put("calcification_morphologies", l.morphologies().probabilities());
        Map<String, Object> dist = new LinkedHashMap<>();
        for (String m : l.morphologies().probabilities().keySet()) {
            Categorical c = l.distributions().get(m);
            dist.put(m, c == null ? Map.of() : c.probabilities());
        }
        d.put("calcification_distributions", dist);
        return d;
    }
}
