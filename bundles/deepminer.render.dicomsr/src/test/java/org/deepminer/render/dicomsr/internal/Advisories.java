package org.deepminer.render.dicomsr.internal;

/**
 * The Error lines of PixelMed's SR template validator that README.md documents as advisory, and only those.
 */
final class Advisories {
    private Advisories() {}

    static boolean expected(String line) {
        // TID 1500 only suggests CID 100 for Procedure reported (BCID); the platform reports mammography
        return line.contains("CODE (121058,DCM,\"Procedure reported\")")
                && line.endsWith("Code (71651007,SCT,\"Mammography\") not found in context group 100")
                || classificationHeldToTid1410(line);
    }

    /**
     * The validator picks the measurement groups' template by counting image regions over all groups: with
     * exactly one shown unit it holds every group to TID 1410, so the class probabilities' TID 1501 group,
     * which has no region, lacks the region (row 5) or segmentation frame (row 7) of TID 1410. TID 1500 allows
     * both kinds of group side by side. The renderer always writes algorithm name and version first, so that
     * group is item 1.7.3; an Error about any other item is not this one.
     */
    private static boolean classificationHeldToTid1410(String line) {
        return line.startsWith("Error: Template 1410 PlanarROIMeasurements/[Row 1] CONTAINER (125007,DCM,\"Measurement Group\")/")
                && (line.contains("/[Row 5] SCOORD (111030,DCM,\"Image Region\"): ")
                        || line.contains("/[Row 7] IMAGE (121214,DCM,\"Referenced Segmentation Frame\"): "))
                && line.contains(" 1.7.3: /CONTAINER (126000,DCM,\"Imaging Measurement Report\")/CONTAINER"
                        + " (126010,DCM,\"Imaging Measurements\")/CONTAINER (125007,DCM,\"Measurement Group\"): ")
                && line.endsWith("Missing conditional content item");
    }
}
