package org.deepminer.data.phantom.internal.io;

import java.util.List;

/** File names of a phantom data set, shared by the writer and the reader. */
public final class PhantomLayout {
    private PhantomLayout() {}

    public static final String FORMAT = "deepminer-phantom";
    public static final String GENERATOR_VERSION = "1.0.0";

    public static final String MANIFEST = "phantom.json";
    public static final String MODEL = "pathology-model.json";
    public static final String SPLITS = "splits.csv";
    /** Present while a generation runs; a folder holding it is a phantom folder that may be regenerated. */
    public static final String INCOMPLETE = ".phantom-incomplete";
    public static final String REPORTS = "reports";
    public static final String MASKS = "masks";
    public static final String DICOM = "dicom";
    public static final String DDSM = "ddsm";
    public static final String CBIS = "cbis";

    /** Every top-level name the generator writes (what a regeneration may delete). */
    public static final List<String> OWNED = List.of(MANIFEST, MODEL, SPLITS, REPORTS, MASKS, DICOM, DDSM, CBIS);

    /** Digital Mammography X-Ray Image Storage - For Presentation. */
    public static final String MG_FOR_PRESENTATION = "1.2.840.10008.5.1.4.1.1.1.2";

    public static final List<String> CBIS_MASS_COLUMNS = List.of("patient_id", "breast_density", "left or right breast",
            "image view", "abnormality id", "abnormality type", "mass shape", "mass margins", "assessment", "pathology",
            "subtlety", "image file path", "cropped image file path", "ROI mask file path");

    /** The calcification files spell the density column with a blank, as CBIS-DDSM does. */
    public static final List<String> CBIS_CALC_COLUMNS = List.of("patient_id", "breast density", "left or right breast",
            "image view", "abnormality id", "abnormality type", "calc type", "calc distribution", "assessment",
            "pathology", "subtlety", "image file path", "cropped image file path", "ROI mask file path");

    public static String imageId(String caseId, String laterality, String view) {
        return caseId + "_" + laterality + "_" + view;
    }

    public static String report(String imageId) {
        return REPORTS + "/" + imageId + ".json";
    }

    public static String mask(String imageId, String lesionId) {
        return MASKS + "/" + imageId + "/" + lesionId + ".png";
    }

    public static String conceptMask(String imageId, String lesionId, String concept) {
        return MASKS + "/" + imageId + "/" + lesionId + "_" + concept + ".png";
    }

    public static String dicom(String caseId, String imageId) {
        return DICOM + "/" + caseId + "/" + imageId + ".dcm";
    }

    public static String roi(String imageId, int abnormality) {
        return CBIS + "/roi/" + imageId + "_" + abnormality + ".dcm";
    }
}
