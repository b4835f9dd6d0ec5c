package org.deepminer.data.phantom.internal.model;

import java.util.Map;

/**
 * The concept ids of the BI-RADS vocabulary (docs/concepts.md) that the phantom draws, and the DDSM /
 * CBIS-DDSM token each is written as (the first dataset spelling of BIRADS.md; the vocabulary bundle
 * resolves these tokens back to the ids).
 */
public final class Concepts {
    private Concepts() {}

    public static final String FINDING_MASS = "finding-mass";
    public static final String FINDING_CALCIFICATION = "finding-calcification";
    public static final String ARCHITECTURAL_DISTORTION = "architectural-distortion";
    public static final String ASYMMETRY_FOCAL = "asymmetry-focal";
    public static final String LYMPH_NODE = "lymph-node";

    public static final String SHAPE_ROUND = "shape-round";
    public static final String SHAPE_OVAL = "shape-oval";
    public static final String SHAPE_IRREGULAR = "shape-irregular";

    public static final String MARGIN_CIRCUMSCRIBED = "margin-circumscribed";
    public static final String MARGIN_OBSCURED = "margin-obscured";
    public static final String MARGIN_MICROLOBULATED = "margin-microlobulated";
    public static final String MARGIN_INDISTINCT = "margin-indistinct";
    public static final String MARGIN_SPICULATED = "margin-spiculated";

    public static final String CALC_PUNCTATE = "calc-punctate";
    public static final String CALC_ROUND = "calc-round";
    public static final String CALC_FINE_PLEOMORPHIC = "calc-fine-pleomorphic";
    public static final String CALC_FINE_LINEAR_BRANCHING = "calc-fine-linear-branching";
    public static final String CALC_AMORPHOUS = "calc-amorphous";
    public static final String CALC_COARSE = "calc-coarse";
    public static final String CALC_RIM = "calc-rim";
    public static final String CALC_VASCULAR = "calc-vascular";

    public static final String DIST_GROUPED = "dist-grouped";
    public static final String DIST_LINEAR = "dist-linear";
    public static final String DIST_SEGMENTAL = "dist-segmental";
    public static final String DIST_REGIONAL = "dist-regional";
    public static final String DIST_DIFFUSE = "dist-diffuse";

    public static final String[] DENSITIES = {"density-a", "density-b", "density-c", "density-d"};

    /** DDSM / CBIS-DDSM token of each concept the phantom writes into LESION_TYPE lines and CSV rows. */
    private static final Map<String, String> DDSM_TOKEN = Map.ofEntries(
            Map.entry(SHAPE_ROUND, "ROUND"),
            Map.entry(SHAPE_OVAL, "OVAL"),
            Map.entry(SHAPE_IRREGULAR, "IRREGULAR"),
            Map.entry(ARCHITECTURAL_DISTORTION, "ARCHITECTURAL_DISTORTION"),
            Map.entry(ASYMMETRY_FOCAL, "FOCAL_ASYMMETRIC_DENSITY"),
            Map.entry(LYMPH_NODE, "LYMPH_NODE"),
            Map.entry(MARGIN_CIRCUMSCRIBED, "CIRCUMSCRIBED"),
            Map.entry(MARGIN_OBSCURED, "OBSCURED"),
            Map.entry(MARGIN_MICROLOBULATED, "MICROLOBULATED"),
            Map.entry(MARGIN_INDISTINCT, "ILL_DEFINED"),
            Map.entry(MARGIN_SPICULATED, "SPICULATED"),
            Map.entry(CALC_PUNCTATE, "PUNCTATE"),
            Map.entry(CALC_ROUND, "ROUND_AND_REGULAR"),
            Map.entry(CALC_FINE_PLEOMORPHIC, "PLEOMORPHIC"),
            Map.entry(CALC_FINE_LINEAR_BRANCHING, "FINE_LINEAR_BRANCHING"),
            Map.entry(CALC_AMORPHOUS, "AMORPHOUS"),
            Map.entry(CALC_COARSE, "COARSE"),
            Map.entry(CALC_RIM, "EGGSHELL"),
            Map.entry(CALC_VASCULAR, "VASCULAR"),
            Map.entry(DIST_GROUPED, "CLUSTERED"),
            Map.entry(DIST_LINEAR, "LINEAR"),
            Map.entry(DIST_SEGMENTAL, "SEGMENTAL"),
            Map.entry(DIST_REGIONAL, "REGIONAL"),
            Map.entry(DIST_DIFFUSE, "DIFFUSELY_SCATTERED"));

    /** Report wording of each descriptor. */
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry(SHAPE_ROUND, "round"),
            Map.entry(SHAPE_OVAL, "oval"),
            Map.entry(SHAPE_IRREGULAR, "irregular"),
            Map.entry(MARGIN_CIRCUMSCRIBED, "circumscribed"),
            Map.entry(MARGIN_OBSCURED, "obscured"),
            Map.entry(MARGIN_MICROLOBULATED, "microlobulated"),
            Map.entry(MARGIN_INDISTINCT, "indistinct"),
            Map.entry(MARGIN_SPICULATED, "spiculated"),
            Map.entry(CALC_PUNCTATE, "punctate"),
            Map.entry(CALC_ROUND, "round"),
            Map.entry(CALC_FINE_PLEOMORPHIC, "fine pleomorphic"),
            Map.entry(CALC_FINE_LINEAR_BRANCHING, "fine linear branching"),
            Map.entry(CALC_AMORPHOUS, "amorphous"),
            Map.entry(CALC_COARSE, "coarse (popcorn-like)"),
            Map.entry(CALC_RIM, "rim"),
            Map.entry(CALC_VASCULAR, "vascular"),
            Map.entry(DIST_GROUPED, "grouped"),
            Map.entry(DIST_LINEAR, "linear"),
            Map.entry(DIST_SEGMENTAL, "segmental"),
            Map.entry(DIST_REGIONAL, "regional"),
            Map.entry(DIST_DIFFUSE, "diffuse"));

    /** The DDSM token for a concept; {@code N/A} for none. */
    public static String ddsmToken(String concept) {
        if (concept == null) {
            return "N/A";
        }
        String token = DDSM_TOKEN.get(concept);
        if (token == null) {
            throw new IllegalArgumentException("no DDSM token for concept " + concept);
        }
        return token;
    }

    public static String words(String concept) {
        return WORDS.getOrDefault(concept, concept);
    }

    /** DDSM DENSITY 1-4 for density-a..d. */
    public static int ddsmDensity(String density) {
        for (int i = 0; i < DENSITIES.length; i++) {
            if (DENSITIES[i].equals(density)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unknown density " + density);
    }
}
