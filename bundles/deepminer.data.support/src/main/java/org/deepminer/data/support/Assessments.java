package org.deepminer.data.support;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BI-RADS assessment categories as data sets write them ({@code BI-RADS 4}, {@code 4a}, {@code BIRADS 5},
 * {@code Category 4B}, {@code 3}), and the image class a reader without biopsy results derives from them.
 */
public final class Assessments {
    private Assessments() {}

    private static final Pattern SPELLING = Pattern.compile(
            "(?:BI-?RADS|CATEGORY)?[\\s_:-]*([0-6])\\s*([ABC])?", Pattern.CASE_INSENSITIVE);

    /**
     * One assessment.
     *
     * @param category 0-6
     * @param subcategory {@code a}, {@code b} or {@code c} for category 4, else empty
     */
    public record Assessment(int category, String subcategory) {

        /** The concept id of docs/concepts.md: {@code assessment-4}, {@code assessment-4b}... */
        public String conceptId() {
            return "assessment-" + category + subcategory;
        }

        /** As a report prints it: {@code BI-RADS 4B}. */
        public String text() {
            return "BI-RADS " + category + subcategory.toUpperCase(Locale.ROOT);
        }

        /**
         * The image class it stands for where no biopsy says: 1 normal; 2 and 3 benign; 4 (any subcategory), 5
         * and 6 malignant. Empty for 0, which asks for more imaging and says nothing of the breast.
         */
        public Optional<String> label() {
            return switch (category) {
                case 1 -> Optional.of("normal");
                case 2, 3 -> Optional.of("benign");
                case 4, 5, 6 -> Optional.of("malignant");
                default -> Optional.empty();
            };
        }
    }

    /** The assessment a value spells; empty when the value is missing or is no assessment. */
    public static Optional<Assessment> parse(String value) {
        if (Missing.is(value)) {
            return Optional.empty();
        }
        Matcher m = SPELLING.matcher(value.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        int category = Integer.parseInt(m.group(1));
        String sub = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        if (!sub.isEmpty() && category != 4) {
            return Optional.empty(); // only category 4 has subcategories
        }
        return Optional.of(new Assessment(category, sub));
    }
}
