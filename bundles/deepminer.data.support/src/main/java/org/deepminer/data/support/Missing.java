package org.deepminer.data.support;

import java.util.Locale;

/** The spellings data sets use for "no value": blank, {@code N/A}, {@code NA}, {@code NaN}. */
public final class Missing {
    private Missing() {}

    public static boolean is(String value) {
        if (value == null) {
            return true;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        return v.isEmpty() || v.equals("N/A") || v.equals("NAN") || v.equals("NA");
    }
}
