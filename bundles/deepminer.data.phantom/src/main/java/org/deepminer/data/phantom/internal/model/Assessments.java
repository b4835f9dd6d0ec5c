package org.deepminer.data.phantom.internal.model;

import java.util.List;

/** BI-RADS assessment strings in order of suspicion: 1, 2, 3, 4a, 4b, 4c, 5. */
public final class Assessments {
    private Assessments() {}

    public static final List<String> ORDER = List.of("0", "1", "2", "3", "4", "4a", "4b", "4c", "5", "6");

    public static int rank(String assessment) {
        int i = ORDER.indexOf(assessment);
        if (i < 0) {
            throw new IllegalArgumentException("unknown assessment " + assessment);
        }
        return i;
    }

    /** The more suspicious of two assessments. */
    public static String max(String a, String b) {
        return rank(a) >= rank(b) ? a : b;
    }

    /** The DDSM/CBIS digit: 4a, 4b and 4c are 4. */
    public static int number(String assessment) {
        rank(assessment);
        return assessment.charAt(0) - '0';
    }

    /** The vocabulary concept of an assessment, e.g. {@code assessment-4a}. */
    public static String concept(String assessment) {
        return "assessment-" + assessment;
    }
}
