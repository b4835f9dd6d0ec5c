package org.deepminer.api.data;

import java.util.Locale;

/** The partition a case belongs to. A case is in exactly one split, with all its images. */
public enum Split {
    TRAIN, VALIDATION, TEST;

    /** Parses the spellings data sets use: train / training, val / validation, test. */
    public static Split parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "train", "training" -> TRAIN;
            case "val", "valid", "validation" -> VALIDATION;
            case "test", "testing" -> TEST;
            default -> throw new IllegalArgumentException("unknown split '" + s + "' (train, validation, test)");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
