package org.deepminer.data.phantom.internal.model;

/** The kinds of finding the phantom draws, each with its concept id. */
public enum Kind {
    MASS(Concepts.FINDING_MASS),
    CALCIFICATION(Concepts.FINDING_CALCIFICATION),
    DISTORTION(Concepts.ARCHITECTURAL_DISTORTION),
    ASYMMETRY(Concepts.ASYMMETRY_FOCAL),
    LYMPH_NODE(Concepts.LYMPH_NODE);

    private final String concept;

    Kind(String concept) {
        this.concept = concept;
    }

    /** The finding's concept id, also the lesion's {@code kind} in reports. */
    public String concept() {
        return concept;
    }

    /** Whether CBIS-DDSM lists it in the calcification files (else the mass files, as DDSM does). */
    public boolean isCalcification() {
        return this == CALCIFICATION;
    }
}
