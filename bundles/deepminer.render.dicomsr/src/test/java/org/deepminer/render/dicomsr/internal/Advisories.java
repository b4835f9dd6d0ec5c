package org.deepminer.render.dicomsr.internal;

/**
 * The Error lines of PixelMed's SR template validator that README.md documents as advisory, and only those.
 */
final class Advisories {
    private Advisories() {}

    static boolean expected(String line) {
        // TID 1500 only suggests CID 100 for Procedure reported (BCID); the platform reports mammography
        return line.contains("CODE (121058,DCM,\"Procedure reported\")")
                && line.endsWith("Code (71651007,SCT,\"Mammography\") not found in context group 100");
    }
}
