package org.deepminer.dicom;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.deepminer.api.vocab.Code;

/**
 * Codes the explanation objects need beyond the BI-RADS values the vocabulary carries: concept names for
 * BI-RADS descriptors (as DICOM's mammography CAD templates name them), finding sites, UCUM units, segment
 * categories, and the platform's own codes for what only it knows (a network unit).
 */
public final class ReportCodes {
    private ReportCodes() {}

    /** Designator of the platform's private coding scheme (private designators start with 99). */
    public static final String DEEPMINER_SCHEME = "99DEEPMINER";

    // findings and sites
    public static final Code MASS = new Code("SCT", "129788004", "Mammographic breast mass");
    public static final Code LEFT_BREAST = new Code("SCT", "80248007", "Left breast");
    public static final Code RIGHT_BREAST = new Code("SCT", "73056007", "Right breast");
    public static final Code BREAST = new Code("SCT", "76752008", "Breast");
    public static final Code MAMMOGRAPHY = new Code("SCT", "71651007", "Mammography");

    // concept names of qualitative evaluations (values: CID 6001, 6005, 6007, 6009, 6011, 6013, 6026)
    public static final Code BREAST_COMPOSITION = new Code("SCT", "129715009", "Breast composition");
    public static final Code SHAPE = new Code("SCT", "107644003", "Shape");
    public static final Code MARGINS = new Code("DCM", "111037", "Margins");
    public static final Code LESION_DENSITY = new Code("DCM", "111035", "Lesion Density");
    public static final Code CALCIFICATION_TYPE = new Code("DCM", "111009", "Calcification Type");
    public static final Code CALCIFICATION_DISTRIBUTION = new Code("DCM", "111008", "Calcification Distribution");
    public static final Code ASSESSMENT_CATEGORY = new Code("DCM", "111005", "Assessment Category");

    // statements about the whole image
    /** A conclusion in words (TID 2000's impression), e.g. the explanation's sentence. */
    public static final Code IMPRESSION = new Code("DCM", "121073", "Impression");

    // UCUM units
    public static final Code NO_UNITS = new Code("UCUM", "1", "no units");
    public static final Code SCORE = new Code("UCUM", "{score}", "score");

    // segment categories (CID 7150)
    public static final Code MORPHOLOGICALLY_ABNORMAL_STRUCTURE = new Code("SCT", "49755003",
            "Morphologically Altered Structure");
    public static final Code TISSUE = new Code("SCT", "85756007", "Tissue");

    // the platform's own concepts
    /** A unit (channel) of the network's explained layer; its number goes in a NUM item. */
    public static final Code UNIT = new Code(DEEPMINER_SCHEME, "unit", "Network unit");
    /** A unit's contribution to the class score, w[c][k] * max A_k. */
    public static final Code UNIT_SCORE = new Code(DEEPMINER_SCHEME, "unit-score", "Unit score");
    /** The concept a unit was labelled with. */
    public static final Code UNIT_LABEL = new Code(DEEPMINER_SCHEME, "unit-label", "Unit label");
    /** A map of a unit's activation over the image. */
    public static final Code UNIT_ACTIVATION = new Code(DEEPMINER_SCHEME, "unit-activation", "Unit activation map");
    /** The probability the classifier gives one class (a NUM in {@link #NO_UNITS}); {@link #CLASS} names the class. */
    public static final Code CLASS_PROBABILITY = new Code(DEEPMINER_SCHEME, "probability", "Class probability");
    /** Which of the classifier's classes a value is about; its value is {@link #modelClass(String)}. */
    public static final Code CLASS = new Code(DEEPMINER_SCHEME, "class", "Class");
    /** The classifier's most probable class; its value is {@link #modelClass(String)}. */
    public static final Code PREDICTED_CLASS = new Code(DEEPMINER_SCHEME, "predicted-class", "Predicted class");

    /** What may stand as a CodeValue (SH: 16 characters) as it is. */
    private static final Pattern PLAIN_CODE_VALUE = Pattern.compile("[A-Za-z0-9._-]{1,16}");

    /**
     * One of the classifier's classes as a code of the platform's scheme, so that a class can be the value
     * of {@link #CLASS} and {@link #PREDICTED_CLASS}: the class name is the code value when it is up to 16
     * letters, digits, dots, hyphens and underscores, else {@code class-} and the first 10 hex digits of the
     * name's SHA-256 (the same name, the same code); the meaning is the name (a backslash becomes a slash,
     * a control character a question mark), at most 64 characters.
     */
    public static Code modelClass(String name) {
        String n = name == null ? "" : name.trim();
        if (n.isEmpty()) {
            throw new IllegalArgumentException("a class needs a name");
        }
        String value = PLAIN_CODE_VALUE.matcher(n).matches() ? n : "class-" + sha256(n).substring(0, 10);
        // CodeMeaning is LO: 64 characters, no backslash (the value delimiter), no control characters
        int[] meaning = n.codePoints().limit(64)
                .map(c -> c == '\\' ? '/' : Character.isISOControl(c) ? '?' : c).toArray();
        return new Code(DEEPMINER_SCHEME, value, new String(meaning, 0, meaning.length).trim());
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
